package dev.codexpar.mcp;

import dev.codexpar.codex.CodexCapabilities;
import java.nio.file.Path;

/**
 * What {@code serve} was started with.
 *
 * @param root the folder whose {@code runs/} holds every run started without an explicit dir
 * @param workDir where relative paths of callers resolve (the server's working folder)
 * @param codexBin the resolved codex binary
 * @param caps what that codex accepts
 */
public record ServeSettings(Path root, Path workDir, Path codexBin, CodexCapabilities caps) {
  public ServeSettings {
    root = root.toAbsolutePath().normalize();
    workDir = workDir.toAbsolutePath().normalize();
  }

  public Path runsDir() {
    return root.resolve("runs");
  }
}
