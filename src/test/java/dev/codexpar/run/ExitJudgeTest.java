package dev.codexpar.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexpar.appserver.AppServerException;
import dev.codexpar.model.RetryReason;
import dev.codexpar.model.TaskFigures;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ExitJudgeTest {
  private static final Predicate<RetryReason> NO_RETRY = reason -> false;

  @Test
  void aCleanExitIsDone() {
    assertThat(verdict(exit(0), attempt(false, false, false, NO_RETRY)))
        .isEqualTo(ExitJudge.Verdict.DONE);
  }

  @Test
  void aSignalExitWithoutOurCancelIsJudgedLaterOnce() {
    for (int code : new int[] {129, 130, 143}) {
      assertThat(verdict(exit(code), attempt(false, false, false, NO_RETRY)))
          .isEqualTo(ExitJudge.Verdict.AWAIT_CANCEL);
      ExitJudge.Judgement later =
          ExitJudge.judge(exit(code), attempt(false, false, true, NO_RETRY));
      assertThat(later.verdict()).isEqualTo(ExitJudge.Verdict.FAILED);
      assertThat(later.error()).isEqualTo("codex exited " + code + ": last words");
    }
  }

  @Test
  void ourCancelWinsOverAnyExit() {
    assertThat(verdict(exit(143), attempt(true, false, false, NO_RETRY)))
        .isEqualTo(ExitJudge.Verdict.CANCELLED);
    assertThat(verdict(exit(0), attempt(true, false, false, NO_RETRY)))
        .isEqualTo(ExitJudge.Verdict.CANCELLED);
  }

  @Test
  void aTimeoutFailsWithItsDurationEvenOnASignalExit() {
    ExitJudge.Judgement judged = ExitJudge.judge(exit(143), attempt(false, true, false, NO_RETRY));
    assertThat(judged.verdict()).isEqualTo(ExitJudge.Verdict.FAILED);
    assertThat(judged.error()).isEqualTo("timed out after 1m30s");
    assertThat(judged.reason()).isEqualTo(RetryReason.TIMEOUT);
  }

  @Test
  void aRetryableFailureIsRetriedWithItsReason() {
    TaskLauncher.Exit limited =
        new TaskLauncher.Exit(1, figures("exceeded retry limit, last status: 429", 3), null);
    ExitJudge.Judgement judged =
        ExitJudge.judge(limited, attempt(false, false, false, r -> r == RetryReason.RATE_LIMIT));
    assertThat(judged.verdict()).isEqualTo(ExitJudge.Verdict.RETRY);
    assertThat(judged.reason()).isEqualTo(RetryReason.RATE_LIMIT);
    assertThat(judged.error()).isEqualTo("exceeded retry limit, last status: 429");
  }

  @Test
  void aReasonTheTransportKnowsWinsOverTheErrorsWording() {
    // a lost host's error says nothing codex would say about a stream, and carries events
    TaskLauncher.Exit lost =
        new TaskLauncher.Exit(
            1,
            figures("ws://box:4500: connection closed by the app-server (1006)", 4),
            "ws://box:4500: connection closed by the app-server (1006)",
            RetryReason.STREAM);
    ExitJudge.Judgement judged =
        ExitJudge.judge(lost, attempt(false, false, false, r -> r == RetryReason.STREAM));
    assertThat(judged.verdict()).isEqualTo(ExitJudge.Verdict.RETRY);
    assertThat(judged.reason()).isEqualTo(RetryReason.STREAM);
    TaskLauncher.Exit worded = new TaskLauncher.Exit(1, lost.figures(), lost.lastStderrLine());
    assertThat(ExitJudge.judge(worded, attempt(false, false, false, r -> true)).reason())
        .isEqualTo(RetryReason.FAILED);
  }

  @Test
  void aFailedConnectionToTheAppServerIsABrokenStreamAndARefusedRequestIsNot() {
    for (AppServerException.Kind kind :
        List.of(
            AppServerException.Kind.UNREACHABLE,
            AppServerException.Kind.HOST_LOST,
            AppServerException.Kind.TIMEOUT)) {
      assertThat(
              AppServerLauncher.retryReasonOf(new AppServerException(kind, "ws://box:4500", "x")))
          .as(kind.name())
          .isEqualTo(RetryReason.STREAM);
    }
    AppServerException rejected =
        new AppServerException(
            AppServerException.Kind.REJECTED, "ws://box:4500", "thread/start: unknown model");
    assertThat(AppServerLauncher.retryReasonOf(rejected)).isNull();
    // left to the wording, a refused request is the task's own failure, not retried by default
    TaskLauncher.Exit exit =
        new TaskLauncher.Exit(
            1,
            figures(rejected.getMessage(), 2),
            rejected.getMessage(),
            AppServerLauncher.retryReasonOf(rejected));
    assertThat(ExitJudge.judge(exit, attempt(false, false, false, r -> r != RetryReason.FAILED)))
        .extracting(ExitJudge.Judgement::verdict, ExitJudge.Judgement::reason)
        .containsExactly(ExitJudge.Verdict.FAILED, RetryReason.FAILED);
  }

  @Test
  void aTurnFailedWithExitZeroStillFails() {
    TaskLauncher.Exit legacy = new TaskLauncher.Exit(0, figures("boom", 3), null);
    assertThat(verdict(legacy, attempt(false, false, false, NO_RETRY)))
        .isEqualTo(ExitJudge.Verdict.FAILED);
  }

  @Test
  void aLongStderrLineIsCut() {
    TaskLauncher.Exit loud = new TaskLauncher.Exit(1, TaskFigures.EMPTY, "x".repeat(1000));
    String error = ExitJudge.judge(loud, attempt(false, false, false, NO_RETRY)).error();
    assertThat(error).hasSize(500).startsWith("codex exited 1: xxx").endsWith("…");
  }

  private static ExitJudge.Verdict verdict(TaskLauncher.Exit exit, ExitJudge.Attempt attempt) {
    return ExitJudge.judge(exit, attempt).verdict();
  }

  private static TaskLauncher.Exit exit(int code) {
    return new TaskLauncher.Exit(code, TaskFigures.EMPTY, "last words");
  }

  private static ExitJudge.Attempt attempt(
      boolean cancelled, boolean timedOut, boolean signalAwaited, Predicate<RetryReason> retry) {
    return new ExitJudge.Attempt(cancelled, timedOut, Duration.ofSeconds(90), signalAwaited, retry);
  }

  private static TaskFigures figures(String failure, long events) {
    return new TaskFigures(events, 0, 0, 0, 0, 0, 0, null, null, null, failure, 0);
  }
}
