package dev.codexpar.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final Duration FIRST = Duration.ofSeconds(2);

  @Test
  void doublesForEachAttemptWithoutJitterAtTheMiddle() {
    Backoff middle = new Backoff(() -> 0.5);
    assertThat(middle.after(FIRST, 1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(middle.after(FIRST, 2)).isEqualTo(Duration.ofSeconds(4));
    assertThat(middle.after(FIRST, 3)).isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void jitterSpreadsAQuarterEitherWay() {
    assertThat(new Backoff(() -> 0.0).after(FIRST, 1)).isEqualTo(Duration.ofMillis(1500));
    assertThat(new Backoff(() -> 0.999_999).after(FIRST, 1))
        .isBetween(Duration.ofMillis(2499), Duration.ofMillis(2500));
  }

  @Test
  void neverMoreThanTheCapNorLessThanAMillisecond() {
    Backoff top = new Backoff(() -> 0.5);
    assertThat(top.after(FIRST, 40)).isEqualTo(Backoff.MAX);
    assertThat(top.after(Duration.ZERO, 1)).isEqualTo(Duration.ofMillis(1));
  }
}
