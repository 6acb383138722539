package dev.codexpar.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.codexpar.codex.RetryAfter;
import dev.codexpar.model.RetryReason;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.model.TaskTurn;
import dev.codexpar.testing.CodexTestEnv;
import dev.codexpar.testing.MockModelServer;
import dev.codexpar.testing.MockModelServer.RateLimit;
import dev.codexpar.testing.RateLimitedBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch of real codex tasks against a model API that allows fewer requests a second than the
 * batch wants (issue 21): the slots shrink on the 429s, each retry waits at least the wait the
 * failure named, and every task ends done; none is lost to the limit while it has retries left.
 * Nothing here is timed (the benchmark suite measures how close to the limit's own time it gets).
 */
class RateLimitedRunIT {
  @TempDir Path tmp;
  private RunRegistry registry;

  @BeforeEach
  void setUp() {
    assumeTrue(CodexTestEnv.codexAvailable(), "real codex not installed (codex.bin)");
    registry = new RunRegistry();
  }

  @AfterEach
  void tearDown() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void everyTaskEndsDoneAndEachRetryWaitsTheNamedRetryAfter() {
    RateLimitedBatch batch = new RateLimitedBatch(8, 8, 8, Duration.ofMillis(100));
    RateLimitedBatch.Outcome outcome =
        batch.run(registry, tmp, new RateLimit(3, 2, RateLimit.Answer.STREAM));

    assertThat(outcome.last().tasks())
        .hasSize(8)
        .allSatisfy(t -> assertThat(t.status()).as(t.name()).isEqualTo(TaskStatus.DONE));
    // The limit was hit (eight tasks asking at once, two requests may pass at once) ...
    assertThat(outcome.mock().modelRequests())
        .anyMatch(MockModelServer.RecordedRequest::rateLimited);
    List<TaskSnapshot> limited =
        outcome.last().tasks().stream().filter(t -> !t.attemptErrors().isEmpty()).toList();
    assertThat(limited).isNotEmpty();
    for (TaskSnapshot t : limited) {
      assertThat(t.attemptErrors())
          .allSatisfy(
              e ->
                  assertThat(e).startsWith("attempt ").contains(RetryReason.RATE_LIMIT.wireName()));
      // ... and every retry started no sooner than the wait its failure named.
      List<TaskTurn> turns = t.turns();
      for (int i = 0; i < t.attemptErrors().size(); i++) {
        Optional<Duration> named = RetryAfter.of(t.attemptErrors().get(i));
        assertThat(named).as("%s: %s", t.name(), t.attemptErrors().get(i)).isPresent();
        assertThat(turns.get(i + 1).startedAt())
            .as(t.name() + " turn " + (i + 2))
            .isAfterOrEqualTo(turns.get(i).endedAt().plus(named.get()));
      }
    }
  }

  @Test
  void withHttp429sThatCodexDoesNotRetryEveryTaskStillEndsDone() {
    RateLimitedBatch batch = new RateLimitedBatch(8, 8, 8, Duration.ofMillis(100));
    RateLimitedBatch.Outcome outcome =
        batch.run(registry, tmp, new RateLimit(3, 2, RateLimit.Answer.HTTP_429));

    assertThat(outcome.last().tasks())
        .allSatisfy(t -> assertThat(t.status()).as(t.name()).isEqualTo(TaskStatus.DONE));
    assertThat(outcome.mock().modelRequests())
        .filteredOn(MockModelServer.RecordedRequest::rateLimited)
        .isNotEmpty()
        .allMatch(r -> r.status() == 429);
    assertThat(outcome.last().tasks())
        .flatMap(TaskSnapshot::attemptErrors)
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e).contains("(rate_limit)").contains("429"));
  }
}
