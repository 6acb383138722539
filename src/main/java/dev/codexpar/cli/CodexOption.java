package dev.codexpar.cli;

import dev.codexpar.codex.CodexCapabilities;
import dev.codexpar.codex.CodexLocator;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which codex binary to run, and what it can do. */
public class CodexOption {
  @Option(
      names = "--codex-bin",
      paramLabel = "PATH",
      description =
          "The codex binary (default: $CODEX_BIN, else codex on PATH, else /opt/homebrew/bin/codex).")
  Path codexBin;

  record Resolved(Path binary, CodexCapabilities caps) {}

  Resolved resolve() {
    try {
      Path binary = CodexLocator.locate(codexBin, System.getenv());
      return new Resolved(binary, CodexLocator.probe(binary));
    } catch (IllegalStateException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage());
    }
  }
}
