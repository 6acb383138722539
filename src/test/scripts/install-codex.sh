#!/usr/bin/env bash
# Installs the pinned real codex CLI into a per-machine cache, once; the end-to-end tests run it offline.
set -euo pipefail
version="$1"
cache="$2"
bin="$cache/node_modules/.bin/codex"
if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "$version"; then
  echo "codex $version already installed in $cache"
  exit 0
fi
command -v npm >/dev/null || { echo "npm is required to install @openai/codex@$version (install Node.js 18+)" >&2; exit 1; }
mkdir -p "$cache"
npm install --prefix "$cache" --no-audit --no-fund --loglevel=error "@openai/codex@$version"
"$bin" --version
