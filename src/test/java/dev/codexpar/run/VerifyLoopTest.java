package dev.codexpar.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexpar.model.VerifyRound;
import dev.codexpar.model.VerifySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifyLoopTest {
  private static final VerifySpec TWO_ROUNDS =
      new VerifySpec("make test", 2, Duration.ofMinutes(5));
  private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

  private static VerifyRound round(int n, Integer exit, boolean timedOut, String output) {
    return new VerifyRound(n, T0, T0.plusSeconds(3), exit, timedOut, output);
  }

  @Test
  void aPassingRoundMeansDone() {
    assertThat(VerifyLoop.next(TWO_ROUNDS, List.of(round(1, 0, false, "ok\n"))))
        .isEqualTo(new VerifyLoop.Pass());
    assertThat(
            VerifyLoop.next(TWO_ROUNDS, List.of(round(1, 1, false, "x"), round(2, 0, false, "ok"))))
        .isEqualTo(new VerifyLoop.Pass());
  }

  @Test
  void aFailureWithRoundsLeftResumesWithTheCommandItsExitCodeAndOutput() {
    VerifyLoop.Decision next =
        VerifyLoop.next(TWO_ROUNDS, List.of(round(1, 2, false, "FAIL FeeTest\n  expected 3\n")));

    assertThat(next)
        .isEqualTo(
            new VerifyLoop.Resume(
                "The check `make test` failed (exit code 2). The end of its output:\n\n```\n"
                    + "FAIL FeeTest\n  expected 3\n```\n\nFix what makes it fail. When your turn"
                    + " ends the check runs again (round 2 of 2).",
                2));
  }

  @Test
  void theLastFailedRoundIsTheTasksError() {
    VerifyLoop.Decision next =
        VerifyLoop.next(
            TWO_ROUNDS, List.of(round(1, 1, false, "first"), round(2, 1, false, "second\n")));

    assertThat(next)
        .isEqualTo(
            new VerifyLoop.Fail(
                "verify `make test` failed after 2 rounds (last: exit code 1):\nsecond"));
  }

  @Test
  void aTimeoutIsWordedAsOneAndAGateHasNoRoundCount() {
    VerifySpec gate = new VerifySpec("./check.sh", 1, Duration.ofSeconds(90));

    assertThat(VerifyLoop.next(gate, List.of(round(1, 143, true, ""))))
        .isEqualTo(
            new VerifyLoop.Fail(
                "verify `./check.sh` failed (timed out after 1m30s):\n(no output)"));
  }

  @Test
  void thereIsNothingToDecideBeforeTheFirstRound() {
    assertThatThrownBy(() -> VerifyLoop.next(TWO_ROUNDS, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
