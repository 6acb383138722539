package dev.codexpar.cli;

import dev.codexpar.codex.CodexCapabilities;
import dev.codexpar.codex.CodexLocator;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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

  /** {@link #resolve} on a thread of its own: what a caller does meanwhile does not wait for it. */
  CompletableFuture<Resolved> resolveMeanwhile() {
    return CompletableFuture.supplyAsync(
        this::resolve,
        work -> {
          Thread probing = new Thread(work, "codex-probe");
          probing.setDaemon(true);
          probing.start();
        });
  }

  /** The resolved codex, or the exception {@link #resolve} threw. */
  static Resolved await(CompletableFuture<Resolved> resolving) {
    try {
      return resolving.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  Resolved resolve() {
    try {
      Path binary = CodexLocator.locate(codexBin, System.getenv());
      return new Resolved(binary, CodexLocator.probe(binary));
    } catch (IllegalStateException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage());
    }
  }
}
