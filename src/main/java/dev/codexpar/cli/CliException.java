package dev.codexpar.cli;

/** Ends a command with a message on stderr and an exit code; commands never call System.exit. */
public class CliException extends RuntimeException {
  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
