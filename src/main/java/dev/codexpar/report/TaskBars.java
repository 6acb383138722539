package dev.codexpar.report;

import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.model.TaskTurn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * A task's bars on the timeline: one per codex turn (its first one, each follow-up, verify fix and
 * retry), numbered by attempt, so a reader sees both how often codex ran and which runs were
 * retries. The turns come from the task's meta with their own start and end; a task whose meta
 * lists none (written before turns were recorded, or a child that never started) gets a bar per
 * attempt instead, its times found from the kept logs of earlier attempts. Pure.
 */
public final class TaskBars {
  private TaskBars() {}

  /**
   * One bar.
   *
   * @param turn the turn's number, null for a bar drawn per attempt (no turns recorded)
   * @param kind the turn's kind ({@code start}, {@code follow_up}, ...), null likewise
   * @param prompt the first line of the turn's prompt, null likewise
   * @param estimatedStart the start is not recorded: the previous attempt's end stands in
   */
  public record Bar(
      Integer turn,
      int attempt,
      String kind,
      String prompt,
      Instant start,
      Instant end,
      String status,
      String error,
      boolean estimatedStart) {}

  /**
   * @param keptAttemptEnd the last write of attempt N's kept logs ({@code NAME.attempt-N.*}), if
   *     they are there; only asked for when no turns are recorded
   */
  static List<Bar> of(TaskSnapshot t, IntFunction<Optional<Instant>> keptAttemptEnd, Instant now) {
    return t.turns().isEmpty() ? perAttempt(t, keptAttemptEnd, now) : perTurn(t, now);
  }

  /**
   * A bar per recorded turn (none when the task's meta lists none). A turn that failed and was
   * followed by anything but a follow-up was retried: the next turn is the next attempt (a
   * follow-up reopens a task that had ended, in the same attempt).
   */
  public static List<Bar> perTurn(TaskSnapshot t, Instant now) {
    List<TaskTurn> turns = t.turns();
    List<Bar> bars = new ArrayList<>();
    int attempt = 1;
    for (int i = 0; i < turns.size(); i++) {
      TaskTurn turn = turns.get(i);
      boolean last = i == turns.size() - 1;
      boolean retried =
          !last
              && turn.status() == TaskStatus.FAILED
              && turns.get(i + 1).kind() != TaskTurn.Kind.FOLLOW_UP;
      // a final task's turn still marked running was cut short (an owner that died): it ends with
      // the task
      boolean open = turn.endedAt() == null;
      TaskStatus status = open && last && t.status().isFinal() ? t.status() : turn.status();
      Instant end = open ? (last && t.endedAt() != null ? t.endedAt() : now) : turn.endedAt();
      String error =
          retried && attempt <= t.attemptErrors().size()
              ? t.attemptErrors().get(attempt - 1)
              : last ? t.error() : null;
      bars.add(
          new Bar(
              turn.turn(),
              attempt,
              turn.kind().wireName(),
              turn.prompt(),
              turn.startedAt(),
              later(turn.startedAt(), end),
              status.wireName(),
              error,
              false));
      if (retried) {
        attempt++;
      }
    }
    return bars;
  }

  /**
   * The task's start is its first attempt's; each earlier attempt's end is its kept logs' last
   * write; the last attempt began when its codex did (the recorded pid's start time). Where no such
   * time is known (a middle attempt), the attempt is taken to start when the previous one ended,
   * marked estimated.
   */
  private static List<Bar> perAttempt(
      TaskSnapshot t, IntFunction<Optional<Instant>> keptAttemptEnd, Instant now) {
    List<Bar> bars = new ArrayList<>();
    if (t.startedAt() == null || t.status() == TaskStatus.PENDING && t.attemptErrors().isEmpty()) {
      return bars;
    }
    Instant start = t.startedAt();
    boolean estimated = false;
    for (int n = 1; n <= t.attemptErrors().size(); n++) {
      Optional<Instant> end = keptAttemptEnd.apply(n);
      if (end.isEmpty()) {
        continue;
      }
      bars.add(
          new Bar(
              null,
              n,
              null,
              null,
              start,
              later(start, end.get()),
              TaskStatus.FAILED.wireName(),
              t.attemptErrors().get(n - 1),
              estimated));
      start = end.get();
      estimated = true;
    }
    if (t.status() != TaskStatus.PENDING) {
      boolean ownStart = t.pidStartedAt() != null && !t.pidStartedAt().isBefore(start);
      Instant begin = ownStart ? t.pidStartedAt() : start;
      bars.add(
          new Bar(
              null,
              t.attemptErrors().size() + 1,
              null,
              null,
              begin,
              later(begin, t.endedAt() != null ? t.endedAt() : now),
              t.status().wireName(),
              t.error(),
              estimated && !ownStart));
    }
    return bars;
  }

  private static Instant later(Instant start, Instant end) {
    return end.isBefore(start) ? start : end;
  }
}
