package dev.codexpar.run;

import dev.codexpar.model.TaskSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The transport seam: how one turn of a task reaches codex. One starter is chosen per run from its
 * {@link RunOptions#transport()} and hosts ({@code RunRegistry}); above it the engine does not tell
 * the transports apart.
 */
interface TaskStarter {
  /** What the task's meta records as its command line. */
  List<String> argv(TaskSpec spec, Attempts.Turn turn, Path output);

  /**
   * Starts the turn; the future fails when nothing could be started (the task then fails with
   * "cannot start codex: ..." and the cause's message).
   *
   * @param what what the turn is told, and where its logs go
   */
  CompletableFuture<StartedTask> start(TaskSpec spec, List<String> argv, Launch what)
      throws IOException;

  /** Ends what the starter holds for the run (connections to hosts), at the run's end. */
  default CompletableFuture<Void> close() {
    return CompletableFuture.completedFuture(null);
  }

  /**
   * One turn to start.
   *
   * @param stdin what an exec child reads on stdin (null: the prompt is in its argv)
   * @param ownPrompt the task's own prompt composed with its inputs (dependencies' outputs, facts)
   * @param appendLogs a later turn's logs go on after the earlier turns'
   */
  record Launch(
      Attempts.Turn turn,
      String stdin,
      String ownPrompt,
      Path cwd,
      Path eventLog,
      Path stderrLog,
      boolean appendLogs,
      TaskLauncher.Listener listener) {}
}
