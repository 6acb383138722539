package dev.codexpar.mcp;

import dev.codexpar.codex.CodexCapabilities;
import dev.codexpar.usecase.Refusal;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code serve} was started with.
 *
 * @param root the folder whose {@code runs/} holds every run started without an explicit dir
 * @param workDir where relative paths of callers resolve (the server's working folder)
 * @param codex the resolved codex binary and what it accepts; empty when none was found, and then
 *     the tools that start codex refuse with {@code codexMissing}, the others still serve
 * @param codexMissing why no codex was found: what was tried and how to install it
 */
public record ServeSettings(Path root, Path workDir, Optional<Codex> codex, String codexMissing) {
  /** A codex binary and what it accepts. */
  public record Codex(Path binary, CodexCapabilities caps) {}

  public ServeSettings {
    root = root.toAbsolutePath().normalize();
    workDir = workDir.toAbsolutePath().normalize();
  }

  public Path runsDir() {
    return root.resolve("runs");
  }

  /** The codex to run; a refusal naming what was tried when there is none. */
  Codex requireCodex() {
    return codex.orElseThrow(() -> new Refusal(Refusal.Kind.CODEX_NOT_FOUND, codexMissing));
  }

  CodexCapabilities caps() {
    return requireCodex().caps();
  }

  Path codexBin() {
    return requireCodex().binary();
  }
}
