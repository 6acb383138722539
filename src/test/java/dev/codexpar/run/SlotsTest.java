package dev.codexpar.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexpar.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlotsTest {
  private static final Duration WINDOW = Duration.ofSeconds(30);
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T12:00:00Z"));
  private final Slots slots = new Slots(clock, 8, WINDOW, Duration.ofMillis(2));

  @Test
  void aRateLimitHalvesTheLimitWhichGrowsBackByOneAWindow() {
    assertThat(slots.available(now())).isEqualTo(8);
    Instant growth = slots.rateLimited(now(), null, Optional.empty());
    assertThat(growth).isEqualTo(now().plus(WINDOW));
    assertThat(slots.available(now())).isEqualTo(4);
    clock.advance(WINDOW.minusSeconds(1));
    assertThat(slots.available(now())).isEqualTo(4);
    clock.advance(Duration.ofSeconds(1));
    assertThat(slots.available(now())).isEqualTo(5);
    clock.advance(WINDOW.multipliedBy(3));
    assertThat(slots.available(now())).isEqualTo(8);
    assertThat(slots.nextGrowth()).isEmpty();
  }

  @Test
  void aRateLimitOfAnAttemptStartedAfterTheDecreaseHalvesAgainButNeverBelowOne() {
    for (int i = 0; i < 4; i++) {
      Instant started = now();
      clock.advance(Duration.ofSeconds(1));
      slots.rateLimited(now(), started, Optional.empty());
    }
    assertThat(slots.available(now())).isEqualTo(1);
  }

  @Test
  void theRateLimitsOfAttemptsStartedBeforeTheDecreaseHalveOnlyOnce() {
    Instant batchStarted = now();
    clock.advance(Duration.ofSeconds(1));
    Instant growth = slots.rateLimited(now(), batchStarted, Optional.empty());
    for (int i = 0; i < 5; i++) { // the rest of the batch, started with the first, refused too
      clock.advance(Duration.ofMillis(10));
      assertThat(slots.rateLimited(now(), batchStarted, Optional.of(Duration.ofMillis(300))))
          .isEqualTo(growth);
    }
    assertThat(slots.available(now())).isEqualTo(4);
    // ... yet each one's named wait still holds the starts
    assertThat(slots.nextStart(now())).isEqualTo(now().plusMillis(300));
    // An attempt started after the decrease saw the new limit: it halves it again.
    Instant retried = now();
    clock.advance(Duration.ofMillis(500));
    slots.rateLimited(now(), retried, Optional.empty());
    assertThat(slots.available(now())).isEqualTo(2);
  }

  @Test
  void aTaskDoneAfterTheWindowAddsASlotButNotInsideIt() {
    slots.rateLimited(now(), null, Optional.empty());
    slots.succeeded(now());
    assertThat(slots.available(now())).isEqualTo(4);
    clock.advance(WINDOW);
    slots.succeeded(now()); // the window's own growth (5), then the success's (6)
    assertThat(slots.available(now())).isEqualTo(6);
  }

  @Test
  void aNamedRetryAfterHoldsEveryStartUntilItHasPassed() {
    Instant at = now();
    slots.rateLimited(at, null, Optional.of(Duration.ofSeconds(3)));
    assertThat(slots.nextStart(at)).isEqualTo(at.plusSeconds(3));
    slots.rateLimited(
        at, null, Optional.of(Duration.ofSeconds(1))); // a shorter one changes nothing
    assertThat(slots.nextStart(at.plusSeconds(2))).isEqualTo(at.plusSeconds(3));
    assertThat(slots.nextStart(at.plusSeconds(4))).isEqualTo(at.plusSeconds(4));
  }

  @Test
  void startsAreAtLeastTheGapApart() {
    Instant now = now();
    assertThat(slots.nextStart(now)).isEqualTo(now);
    slots.started(now);
    assertThat(slots.nextStart(now)).isEqualTo(now.plusMillis(2));
  }

  private Instant now() {
    return clock.instant();
  }
}
