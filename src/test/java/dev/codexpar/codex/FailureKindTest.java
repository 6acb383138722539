package dev.codexpar.codex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexpar.model.RetryReason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The messages codex 0.169 and 0.42 print (measured, see MockModelServer) and their reason. */
class FailureKindTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "exceeded retry limit, last status: 429 Too Many Requests|5|RATE_LIMIT",
        "rate limit exceeded: slow down|5|RATE_LIMIT",
        "We’re currently experiencing high demand, which may cause temporary errors.|5|SERVER_ERROR",
        "unexpected status 503 Service Unavailable: busy, url: http://x/v1/responses|5|SERVER_ERROR",
        "unexpected status 500 Internal Server Error: {}|5|SERVER_ERROR",
        "stream disconnected before completion: boom|5|STREAM",
        "codex exited 1: Error: database is locked|3|STARTUP",
        "codex exited 1: fake codex: error: told to exit 1|0|STARTUP",
        "the model refused this prompt|5|FAILED",
        "Codex ran out of room in the model's context window.|5|FAILED",
        "unexpected status 400 Bad Request: bad|5|FAILED",
      })
  void classifies(String error, long events, RetryReason expected) {
    assertThat(FailureKind.of(error, events)).isEqualTo(expected);
  }
}
