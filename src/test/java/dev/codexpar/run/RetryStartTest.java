package dev.codexpar.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexpar.model.RetryReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RetryStartTest {
  @ParameterizedTest
  @EnumSource(
      value = RetryReason.class,
      names = {"RATE_LIMIT", "SERVER_ERROR", "STREAM"})
  void aTransientFailureAfterTheSessionStartedResumesIt(RetryReason reason) {
    RetryStart.Start start = RetryStart.of(reason, "0199-s1");

    assertThat(start).isInstanceOf(RetryStart.Resume.class);
    RetryStart.Resume resume = (RetryStart.Resume) start;
    assertThat(resume.sessionId()).isEqualTo("0199-s1");
    assertThat(resume.prompt()).contains("cut off").contains("do not redo work already done");
  }

  @ParameterizedTest
  @EnumSource(RetryReason.class)
  void withoutASessionEveryFailureStartsAgain(RetryReason reason) {
    assertThat(RetryStart.of(reason, null)).isEqualTo(new RetryStart.Again());
    assertThat(RetryStart.of(reason, " ")).isEqualTo(new RetryStart.Again());
  }

  @ParameterizedTest
  @EnumSource(
      value = RetryReason.class,
      names = {"STARTUP", "TIMEOUT", "FAILED"})
  void aCrashATimeoutOrAFailureOnItsMeritsStartsAgainEvenWithASession(RetryReason reason) {
    assertThat(RetryStart.of(reason, "0199-s1")).isEqualTo(new RetryStart.Again());
  }

  @Test
  void thePromptNamesTheTrouble() {
    assertThat(((RetryStart.Resume) RetryStart.of(RetryReason.RATE_LIMIT, "s")).prompt())
        .contains("rate limit");
    assertThat(((RetryStart.Resume) RetryStart.of(RetryReason.STREAM, "s")).prompt())
        .contains("broken connection");
  }
}
