package dev.codexpar.run;

/** A dispatch that a run refuses, with the reason. */
public class RunClosedException extends RuntimeException {
  /** Why the run takes no more tasks. */
  public enum Reason {
    SEALED,
    STOPPED,
    NOT_DYNAMIC
  }

  private final Reason reason;

  /** Refuses a dispatch to a run with these properties, when it takes none. */
  static void refuseUnlessOpen(
      String runId, boolean dynamic, boolean sealedOrOver, boolean stopped) {
    Reason reason =
        !dynamic
            ? Reason.NOT_DYNAMIC
            : sealedOrOver ? Reason.SEALED : stopped ? Reason.STOPPED : null;
    if (reason != null) {
      throw new RunClosedException(reason, runId);
    }
  }

  public RunClosedException(Reason reason, String runId) {
    super(
        switch (reason) {
          case SEALED -> "run " + runId + " is sealed or finished: it takes no more tasks";
          case STOPPED ->
              "run " + runId + " stopped starting tasks after a failure (it does not keep going)";
          case NOT_DYNAMIC -> "run " + runId + " is not dynamic: it takes no tasks after its start";
        });
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
