package dev.codexpar.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexpar.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlotsTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T12:00:00Z"));
  private final Slots slots = new Slots(clock, 8, Duration.ofSeconds(30), Duration.ofMillis(2));

  @Test
  void aRateLimitHalvesTheSlotsUntilTheWindowEnds() {
    assertThat(slots.available(clock.instant())).isEqualTo(8);
    Instant end = slots.rateLimited(clock.instant());
    assertThat(end).isEqualTo(clock.instant().plusSeconds(30));
    assertThat(slots.available(clock.instant())).isEqualTo(4);
    clock.advance(Duration.ofSeconds(29));
    assertThat(slots.available(clock.instant())).isEqualTo(4);
    clock.advance(Duration.ofSeconds(1));
    assertThat(slots.available(clock.instant())).isEqualTo(8);
  }

  @Test
  void anotherRateLimitInTheWindowHalvesAgainButNeverBelowOne() {
    slots.rateLimited(clock.instant());
    slots.rateLimited(clock.instant());
    assertThat(slots.available(clock.instant())).isEqualTo(2);
    slots.rateLimited(clock.instant());
    slots.rateLimited(clock.instant());
    assertThat(slots.available(clock.instant())).isEqualTo(1);
  }

  @Test
  void startsAreAtLeastTheGapApart() {
    Instant now = clock.instant();
    assertThat(slots.nextStart(now)).isEqualTo(now);
    slots.started(now);
    assertThat(slots.nextStart(now)).isEqualTo(now.plusMillis(2));
  }
}
