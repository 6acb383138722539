package dev.codexpar.run;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.store.RunFolder;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The end of a run, once every task is final: its task metas (written by the meta writer on the
 * last change), its duration history, {@code run.meta.json}, the folder released; then waiters see
 * it over, and its completion waits for the transitions' consumer (a printer) too.
 */
final class RunEnd {
  private final RunFolder folder;
  private final RunFolder.Ownership ownership;
  private final RunHistory history;
  private final CompletableFuture<Void> metasWritten;
  private final CompletableFuture<RunSnapshot> finished = new CompletableFuture<>();
  private final CompletableFuture<RunSnapshot> completed;

  RunEnd(
      RunFolder folder,
      RunFolder.Ownership ownership,
      RunHistory history,
      CompletableFuture<Void> metasWritten,
      CompletableFuture<Void> transitionsHandled) {
    this.folder = folder;
    this.ownership = ownership;
    this.history = history;
    this.metasWritten = metasWritten;
    this.completed = finished.thenCombine(transitionsHandled, (last, handled) -> last);
  }

  /** Every task final and the run's files written, its folder released. */
  boolean finished() {
    return finished.isDone();
  }

  /** Finished, and every transition handed to its consumer. */
  CompletableFuture<RunSnapshot> completed() {
    return completed;
  }

  /** Called once, off the run's lock, after the run emitted its last change. */
  void finish(RunSnapshot last, Function<String, TaskSpec> specs, Collection<String> carried) {
    metasWritten.join(); // the meta writer flushes every task on the last change
    history.record(last, specs, carried);
    writeRun(folder, last);
    ownership.close();
    finished.complete(last);
  }

  /**
   * Writes run.meta.json; a full disk must not keep the run from changing or ending (a dispatch
   * half done, a command that waits for good), so a failed write is logged, and the next one (at
   * the latest the run's last) writes it whole.
   */
  static void writeRun(RunFolder folder, RunSnapshot snapshot) {
    try {
      folder.writeRun(snapshot);
    } catch (UncheckedIOException e) {
      System.getLogger(Run.class.getName())
          .log(System.Logger.Level.WARNING, "cannot write the run's meta: " + e.getMessage());
    }
  }
}
