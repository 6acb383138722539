package dev.codexpar.run;

/** A follow-up turn that cannot start now, and why. */
public final class FollowUpRefused extends RuntimeException {
  public enum Reason {
    /** The task is running (or waiting to): its session is busy. */
    TASK_BUSY,
    /**
     * codex named no session for the task, or the session is a thread on a remote app-server: there
     * is nothing codex-par can continue.
     */
    NO_SESSION,
    /**
     * The run is on the app-server transport, which does not continue sessions; once it is over,
     * the task's thread goes on with {@code codex exec resume} (a local app-server's threads are
     * codex's own sessions).
     */
    RUN_ON_APP_SERVER,
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
