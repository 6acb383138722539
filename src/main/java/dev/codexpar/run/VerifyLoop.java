package dev.codexpar.run;

import dev.codexpar.model.VerifyRound;
import dev.codexpar.model.VerifySpec;
import dev.codexpar.plan.DurationText;
import java.util.List;

/**
 * What follows a task's verify round (pure): the task is done when the command passed; while rounds
 * are left, codex's session is resumed with a message that shows what failed; after the last round
 * the task fails with that round's output as its error.
 */
public final class VerifyLoop {
  private VerifyLoop() {}

  /** The next step after the rounds so far. */
  public sealed interface Decision {}

  /** The command passed: the task is done. */
  public record Pass() implements Decision {}

  /** Resume the task's session with {@code prompt}, then run round {@code nextRound}. */
  public record Resume(String prompt, int nextRound) implements Decision {}

  /** No round is left: the task failed with {@code error}. */
  public record Fail(String error) implements Decision {}

  /**
   * @param rounds the rounds run so far, in order, at least one
   */
  public static Decision next(VerifySpec spec, List<VerifyRound> rounds) {
    if (rounds.isEmpty()) {
      throw new IllegalArgumentException("no verify round has run yet");
    }
    VerifyRound last = rounds.get(rounds.size() - 1);
    if (last.passed()) {
      return new Pass();
    }
    if (rounds.size() >= spec.rounds()) {
      return new Fail(
          "verify `"
              + spec.command()
              + "` failed"
              + (spec.rounds() == 1 ? "" : " after " + spec.rounds() + " rounds")
              + " ("
              + (spec.rounds() == 1 ? "" : "last: ")
              + outcome(spec, last)
              + "):\n"
              + shownOutput(last));
    }
    int next = rounds.size() + 1;
    return new Resume(
        "The check `"
            + spec.command()
            + "` failed ("
            + outcome(spec, last)
            + "). The end of its output:\n\n```\n"
            + shownOutput(last)
            + "\n```\n\nFix what makes it fail. When your turn ends the check runs again (round "
            + next
            + " of "
            + spec.rounds()
            + ").",
        next);
  }

  private static String outcome(VerifySpec spec, VerifyRound round) {
    return round.timedOut()
        ? "timed out after " + DurationText.format(spec.timeout())
        : "exit code " + round.exitCode();
  }

  private static String shownOutput(VerifyRound round) {
    String tail = round.outputTail() == null ? "" : round.outputTail().strip();
    return tail.isEmpty() ? "(no output)" : tail;
  }
}
