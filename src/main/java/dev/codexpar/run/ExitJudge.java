package dev.codexpar.run;

import dev.codexpar.codex.FailureKind;
import dev.codexpar.model.RetryReason;
import dev.codexpar.plan.DurationText;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

/** What a child's exit means for its task: done, failed, cancelled, retried, or not yet known. */
final class ExitJudge {
  /** Exit codes of a child ended by SIGHUP, SIGINT or SIGTERM (128 + the signal's number). */
  static final Set<Integer> SIGNAL_EXITS = Set.of(129, 130, 143);

  /** How long such a child's task waits for the cancel that the same signal brings us. */
  static final Duration SIGNAL_VERDICT_DELAY = Duration.ofMillis(1_500);

  private static final int MAX_ERROR_LENGTH = 500;

  private ExitJudge() {}

  /** How the task ended. */
  enum Verdict {
    DONE,
    FAILED,
    CANCELLED,
    RETRY,
    /**
     * A terminal's Ctrl+C (or hang-up) reaches the codex children too, one process group with
     * codex-par, and a child may die of it before codex-par's own handler cancels the run. A child
     * that ended of SIGHUP, SIGINT or SIGTERM without a cancel or timeout of ours is judged {@link
     * #SIGNAL_VERDICT_DELAY} later, once: by then such a cancel has come, and the task ends
     * cancelled, not failed.
     */
    AWAIT_CANCEL
  }

  /**
   * @param error the task's error, for {@code FAILED} and {@code RETRY}
   * @param reason why it failed, for {@code FAILED} and {@code RETRY}
   */
  record Judgement(Verdict verdict, String error, RetryReason reason) {}

  /**
   * What we know about the attempt when its child exited.
   *
   * @param cancelled we cancelled the task (or the run)
   * @param timedOut the task's timeout stopped it
   * @param timeout the task's timeout, for the error of a timed-out attempt
   * @param signalAwaited its judgement was already put off once for a signal
   * @param retryable whether a failure of this reason gets another attempt
   */
  record Attempt(
      boolean cancelled,
      boolean timedOut,
      Duration timeout,
      boolean signalAwaited,
      Predicate<RetryReason> retryable) {}

  static Judgement judge(TaskLauncher.Exit exit, Attempt attempt) {
    if (attempt.cancelled()) {
      return new Judgement(Verdict.CANCELLED, null, null);
    }
    if (!attempt.timedOut() && !attempt.signalAwaited() && SIGNAL_EXITS.contains(exit.code())) {
      return new Judgement(Verdict.AWAIT_CANCEL, null, null);
    }
    if (!attempt.timedOut() && exit.code() == 0 && exit.figures().failure() == null) {
      return new Judgement(Verdict.DONE, null, null);
    }
    String error =
        attempt.timedOut()
            ? "timed out after " + DurationText.format(attempt.timeout())
            : errorOf(exit);
    RetryReason reason =
        attempt.timedOut()
            ? RetryReason.TIMEOUT
            : exit.knownReason() != null
                ? exit.knownReason()
                : FailureKind.of(error, exit.figures().events());
    Verdict verdict = attempt.retryable().test(reason) ? Verdict.RETRY : Verdict.FAILED;
    return new Judgement(verdict, error, reason);
  }

  private static String errorOf(TaskLauncher.Exit exit) {
    if (exit.figures().failure() != null) {
      return exit.figures().failure();
    }
    String stderr = exit.lastStderrLine();
    String text = "codex exited " + exit.code() + (stderr == null ? "" : ": " + stderr);
    return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH - 1) + "…" : text;
  }
}
