package dev.codexpar.codex;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  @Test
  void theApisTryAgainIn() {
    assertThat(
            RetryAfter.of(
                "unexpected status 429 Too Many Requests: Rate limit reached for gpt-5 in"
                    + " organization org-x on tokens per min. Please try again in 1.5s."))
        .contains(Duration.ofMillis(1500));
    assertThat(RetryAfter.of("Please try again in 20ms.")).contains(Duration.ofMillis(20));
    assertThat(RetryAfter.of("try again in 2 minutes")).contains(Duration.ofMinutes(2));
  }

  @Test
  void aRetryAfterHeaderInSeconds() {
    assertThat(RetryAfter.of("429 Too Many Requests (retry-after: 3)"))
        .contains(Duration.ofSeconds(3));
    assertThat(RetryAfter.of("Retry-After: 0.25")).contains(Duration.ofMillis(250));
  }

  @Test
  void nothingNamed() {
    assertThat(RetryAfter.of("exceeded retry limit, last status: 429 Too Many Requests")).isEmpty();
    assertThat(RetryAfter.of(null)).isEmpty();
  }
}
