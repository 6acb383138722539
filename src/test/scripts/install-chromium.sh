#!/usr/bin/env bash
# Installs Debian's chromium and chromedriver for the browser tests, once, when root can use apt-get.
# Never fails the build: without them the browser tests are skipped with a message that says why.
set -uo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  echo "chromium already installed: $(chromium --version 2>/dev/null)"
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "chromium/chromedriver missing and apt-get cannot be used here (not root or not Debian):" \
    "the browser tests will be skipped" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null 2>&1; then
  apt-get update -q >/dev/null 2>&1
  apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null 2>&1 ||
    echo "apt-get could not install chromium: the browser tests will be skipped" >&2
fi
command -v chromium >/dev/null && chromium --version
exit 0
