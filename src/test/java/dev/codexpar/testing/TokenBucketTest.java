package dev.codexpar.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T00:00:00Z"));

  @Test
  void theBurstPassesThenRequestsWaitForTheRefill() {
    TokenBucket bucket = new TokenBucket(clock, 4, 2);
    assertThat(bucket.take()).isEmpty();
    assertThat(bucket.take()).isEmpty();
    assertThat(bucket.take()).contains(Duration.ofMillis(250));

    clock.advance(Duration.ofMillis(100));
    assertThat(bucket.take()).contains(Duration.ofMillis(150));
    clock.advance(Duration.ofMillis(150));
    assertThat(bucket.take()).isEmpty();
    assertThat(bucket.take()).contains(Duration.ofMillis(250));
  }

  @Test
  void aRefusedRequestTakesNothingAndAnIdleBucketFillsOnlyToItsBurst() {
    TokenBucket bucket = new TokenBucket(clock, 4, 2);
    bucket.take();
    bucket.take();
    for (int i = 0; i < 5; i++) {
      assertThat(bucket.take()).isPresent();
    }
    clock.advance(Duration.ofMillis(250));
    assertThat(bucket.take()).isEmpty();

    clock.advance(Duration.ofMinutes(1));
    assertThat(bucket.take()).isEmpty();
    assertThat(bucket.take()).isEmpty();
    assertThat(bucket.take()).isPresent();
  }

  @Test
  void theFloorIsTheTimeOfEveryRequestBeyondTheBurst() {
    TokenBucket bucket = new TokenBucket(clock, 4, 4);
    assertThat(bucket.floorFor(48)).isEqualTo(Duration.ofSeconds(11));
    assertThat(bucket.floorFor(3)).isEqualTo(Duration.ZERO);
  }

  @Test
  void aBucketNeedsARateAndABurst() {
    assertThatThrownBy(() -> new TokenBucket(clock, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive rate");
    assertThatThrownBy(() -> new TokenBucket(clock, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
