package dev.codexpar.cli;

/** The documented exit codes of every command. */
public final class ExitCode {
  /** Every task done (or the command did what was asked). */
  public static final int OK = 0;

  /** A task failed, was skipped or was cancelled. */
  public static final int TASKS_FAILED = 1;

  /** Bad usage, invalid tasks file, missing codex, busy folder. */
  public static final int USAGE = 2;

  /**
   * {@code merge} refused: a conflict, the working tree in the way, or the branch moved meanwhile;
   * the repository is exactly as it was.
   */
  public static final int MERGE_REFUSED = 3;

  /**
   * codex-par itself failed (a bug, or an unexpected I/O error); one line names what failed, and
   * {@code CODEX_PAR_DEBUG=1} adds the stack trace. The BSD sysexits value for an internal error.
   */
  public static final int INTERNAL = 70;

  /** Interrupted by SIGINT/SIGTERM/SIGHUP; every child was stopped. */
  public static final int INTERRUPTED = 130;

  private ExitCode() {}
}
