package dev.codexpar.usecase;

import dev.codexpar.run.Run;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The next change of each live run as a future its waiters share, so that a wait holds no thread:
 * one subscription to the run's changes per run, each change completing the current future and
 * putting a fresh one in its place. Once the run's change stream is over, its future stays
 * completed.
 */
final class ChangeSignals {
  private final Map<Run, CompletableFuture<Void>> next = new ConcurrentHashMap<>();

  /** Completes at the run's next change (or at once if its change stream is over). */
  CompletableFuture<Void> next(Run run) {
    CompletableFuture<Void> current = next.get(run);
    if (current != null) {
      return current;
    }
    synchronized (this) {
      if (!next.containsKey(run)) {
        next.put(run, new CompletableFuture<>());
        // Inline on the emitting thread: a swap and a completion; the waiters go on elsewhere.
        run.changes()
            .subscribe(Runnable::run, change -> swap(run, new CompletableFuture<>()))
            .whenComplete((ignored, error) -> swap(run, CompletableFuture.completedFuture(null)));
      }
      return next.get(run);
    }
  }

  private void swap(Run run, CompletableFuture<Void> fresh) {
    CompletableFuture<Void> old = next.put(run, fresh);
    if (old != null) {
      old.complete(null);
    }
  }
}
