package dev.codexpar.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RunChangesTest {
  @Test
  void aBlockedConsumerHoldsUpNeitherTheEmitterNorAnotherConsumerAndLosesNothing()
      throws Exception {
    RunChanges changes = new RunChanges();
    CountDownLatch release = new CountDownLatch(1);
    List<String> slow = new CopyOnWriteArrayList<>();
    List<String> fast = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> slowDone =
        changes.subscribeOnOwnThread(
            "slow",
            change -> {
              awaitQuietly(release);
              slow.add(((RunChange.Progress) change).task());
            });
    CompletableFuture<Void> fastDone =
        changes.subscribeOnOwnThread("fast", c -> fast.add(((RunChange.Progress) c).task()));
    List<String> sent = IntStream.range(0, 10_000).mapToObj(i -> "t" + i).toList();

    long start = System.nanoTime();
    sent.forEach(name -> changes.emit(new RunChange.Progress(name)));
    changes.end();
    long emitMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    fastDone.get(10, TimeUnit.SECONDS);
    assertThat(fast).containsExactlyElementsOf(sent);
    assertThat(slowDone).isNotDone();
    assertThat(emitMs).as("emitting never waits for a consumer").isLessThan(5_000);
    release.countDown();
    slowDone.get(10, TimeUnit.SECONDS);
    assertThat(slow).containsExactlyElementsOf(sent);
  }

  @Test
  void aConsumerThatThrowsStillGetsTheLaterChanges() {
    RunChanges changes = new RunChanges();
    List<String> got = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> done =
        changes.subscribeOnOwnThread(
            "flaky",
            change -> {
              String task = ((RunChange.Progress) change).task();
              got.add(task);
              if (task.equals("a")) {
                throw new IllegalStateException("boom");
              }
            });
    changes.emit(new RunChange.Progress("a"));
    changes.emit(new RunChange.Progress("b"));
    changes.end();
    await().atMost(Duration.ofSeconds(10)).until(done::isDone);
    assertThat(got).containsExactly("a", "b");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
