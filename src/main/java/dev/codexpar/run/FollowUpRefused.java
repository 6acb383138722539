package dev.codexpar.run;

/** A follow-up turn that cannot start now, and why. */
public final class FollowUpRefused extends RuntimeException {
  public enum Reason {
    /** The task is running (or waiting to): its session is busy. */
    TASK_BUSY,
    /** codex named no session for the task: there is nothing to continue. */
    NO_SESSION,
    /** The run ended: the turn runs in its folder reopened ({@link RunRegistry#reopen}). */
    RUN_OVER
  }

  private final Reason reason;

  FollowUpRefused(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
