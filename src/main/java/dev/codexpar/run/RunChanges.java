package dev.codexpar.run;

import dev.codexpar.model.TaskSnapshot;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A run's changes, in the order they happened. The run emits under its lock and never waits: each
 * consumer has an unbounded buffer and its own executor, so a consumer that blocks (a printer on a
 * full pipe) holds up neither the run nor the other consumers, and gets every change in order.
 */
public final class RunChanges {
  private final BroadcastProcessor<RunChange> processor = BroadcastProcessor.create();

  /** Called under the run's lock only, so emissions never overlap. */
  void emit(RunChange change) {
    processor.onNext(change);
  }

  /** After the {@link RunChange.Ended} change: nothing follows. */
  void end() {
    processor.onComplete();
  }

  /**
   * Hands every later change to {@code consumer} on {@code executor}, one at a time and in order;
   * {@code executor} runs one task at a time for this consumer (a single thread, or a serial
   * executor).
   *
   * @return completes once the consumer has handled the last change (or the stream broke)
   */
  public CompletableFuture<Void> subscribe(Executor executor, Consumer<RunChange> consumer) {
    CompletableFuture<Void> handledAll = new CompletableFuture<>();
    processor
        .onOverflow()
        .bufferUnconditionally()
        .emitOn(executor)
        .subscribe()
        .with(
            change -> handle(consumer, change),
            failure -> {
              System.getLogger(RunChanges.class.getName())
                  .log(System.Logger.Level.WARNING, "a run's change stream broke: " + failure);
              handledAll.complete(null);
            },
            () -> handledAll.complete(null));
    return handledAll;
  }

  /** As {@link #subscribe}, on a thread of the consumer's own, ended with the stream. */
  public CompletableFuture<Void> subscribeOnOwnThread(String name, Consumer<RunChange> consumer) {
    ExecutorService thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    CompletableFuture<Void> handledAll = subscribe(thread, consumer);
    handledAll.whenComplete((ignored, error) -> thread.shutdown());
    return handledAll;
  }

  /** Each task transition to {@code consumer}, on a thread of its own (see above). */
  public CompletableFuture<Void> subscribeTransitions(
      String threadName, Consumer<TaskSnapshot> consumer) {
    return subscribeOnOwnThread(
        threadName,
        change -> {
          if (change instanceof RunChange.Transition transition) {
            consumer.accept(transition.task());
          }
        });
  }

  private static void handle(Consumer<RunChange> consumer, RunChange change) {
    try {
      consumer.accept(change);
    } catch (RuntimeException e) {
      // One bad change must not end the consumer's stream (it would miss every later one).
      System.getLogger(RunChanges.class.getName())
          .log(System.Logger.Level.WARNING, "a consumer of a run's changes failed", e);
    }
  }
}
