package dev.codexpar.run;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One started attempt of a task, whatever its transport (see {@link TaskStarter}).
 *
 * @param process the local process that runs it (an exec child, or the task's own app-server): its
 *     pid goes in the meta, and an orphan is found by it; null on a remote host
 * @param processStartedAt when that process started, as the orphan check compares it
 * @param host the app-server that runs it, null for exec
 * @param exit completes once the attempt is over, never fails
 * @param stopper ends it (cancel, timeout); completes once nothing of it runs any more
 * @param steering adds a message to its running turn; null when the transport cannot
 */
record StartedTask(
    ProcessHandle process,
    Instant processStartedAt,
    String host,
    CompletableFuture<TaskLauncher.Exit> exit,
    Stopper stopper,
    Steering steering) {

  /** Stops an attempt within a grace, then by force. */
  interface Stopper {
    CompletableFuture<Void> stop(Duration grace);
  }

  /** Sends a message into an attempt's running turn. */
  interface Steering {
    CompletableFuture<Void> steer(String message);
  }
}
