package dev.codexpar.run;

import dev.codexpar.model.TaskStatus;

/** A steer the run cannot deliver, with why (for the doors' error kinds). */
public final class SteerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the steer was refused. */
  public enum Reason {
    NO_SUCH_TASK,
    /** The task has no running turn (pending, starting, or over). */
    NOT_RUNNING,
    /** The task runs on a transport without steering (exec). */
    NOT_STEERABLE
  }

  private final Reason reason;

  public SteerException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /**
   * Refuses a steer for task {@code name} of run {@code runId} unless it has a turn running that
   * can be steered.
   *
   * @param status the task's status, null when the run has no such task
   * @param turnRunning whether a turn of it runs now
   * @param steerable whether that turn's transport can be steered
   */
  static void check(
      String runId, String name, TaskStatus status, boolean turnRunning, boolean steerable) {
    if (status == null) {
      throw new SteerException(Reason.NO_SUCH_TASK, "run " + runId + " has no task '" + name + "'");
    }
    if (status != TaskStatus.RUNNING || !turnRunning) {
      throw new SteerException(
          Reason.NOT_RUNNING,
          "task '" + name + "' is " + status.wireName() + ", not running: nothing to steer");
    }
    if (!steerable) {
      throw new SteerException(
          Reason.NOT_STEERABLE,
          "task '"
              + name
              + "' runs on the exec transport, which cannot be steered: start the run with the"
              + " app-server transport");
    }
  }

  public Reason reason() {
    return reason;
  }
}
