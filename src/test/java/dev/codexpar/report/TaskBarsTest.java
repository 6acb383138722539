package dev.codexpar.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.codexpar.model.TaskFigures;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.model.TaskTurn;
import dev.codexpar.model.TaskTurn.Kind;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskBarsTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant NOW = at(300);

  @Test
  void aBarPerTurnWithItsOwnTimesKindAndPrompt() {
    TaskSnapshot t =
        task(TaskStatus.DONE, 0, 100, List.of(), null)
            .withTurns(
                List.of(
                    turn(1, Kind.START, 0, 40, TaskStatus.DONE),
                    turn(2, Kind.VERIFY_FIX, 45, 70, TaskStatus.DONE),
                    turn(3, Kind.FOLLOW_UP, 90, 100, TaskStatus.DONE)),
                List.of());

    assertThat(TaskBars.of(t, n -> Optional.empty(), NOW))
        .extracting(
            TaskBars.Bar::turn,
            TaskBars.Bar::attempt,
            TaskBars.Bar::kind,
            TaskBars.Bar::prompt,
            TaskBars.Bar::start,
            TaskBars.Bar::end,
            TaskBars.Bar::status)
        .containsExactly(
            tuple(1, 1, "start", "prompt 1", at(0), at(40), "done"),
            tuple(2, 1, "verify_fix", "prompt 2", at(45), at(70), "done"),
            tuple(3, 1, "follow_up", "prompt 3", at(90), at(100), "done"));
  }

  /**
   * A failed turn that was retried ends its attempt; one followed up (the task had ended failed)
   * does not.
   */
  @Test
  void aRetriedTurnStartsTheNextAttemptAndCarriesThatAttemptsError() {
    TaskSnapshot t =
        task(TaskStatus.FAILED, 0, 100, List.of("attempt 1 (rate_limit): 429"), "still broken")
            .withTurns(
                List.of(
                    turn(1, Kind.START, 0, 10, TaskStatus.FAILED),
                    turn(2, Kind.RETRY, 15, 50, TaskStatus.FAILED),
                    turn(3, Kind.FOLLOW_UP, 80, 100, TaskStatus.FAILED)),
                List.of());

    assertThat(TaskBars.of(t, n -> Optional.empty(), NOW))
        .extracting(TaskBars.Bar::turn, TaskBars.Bar::attempt, TaskBars.Bar::error)
        .containsExactly(
            tuple(1, 1, "attempt 1 (rate_limit): 429"),
            tuple(2, 2, null),
            tuple(3, 2, "still broken"));
  }

  @Test
  void aTurnStillOpenRunsToNowOrEndsWithATaskThatEndedWithoutIt() {
    List<TaskTurn> open = List.of(turn(1, Kind.START, 10, null, TaskStatus.RUNNING));
    TaskSnapshot running =
        task(TaskStatus.RUNNING, 10, null, List.of(), null).withTurns(open, null);
    TaskSnapshot interrupted =
        task(TaskStatus.INTERRUPTED, 10, 60, List.of(), "owner gone").withTurns(open, null);

    assertThat(TaskBars.of(running, n -> Optional.empty(), NOW))
        .extracting(TaskBars.Bar::end, TaskBars.Bar::status)
        .containsExactly(tuple(NOW, "running"));
    assertThat(TaskBars.of(interrupted, n -> Optional.empty(), NOW))
        .extracting(TaskBars.Bar::end, TaskBars.Bar::status)
        .containsExactly(tuple(at(60), "interrupted"));
  }

  /** A meta without turns (an older file): a bar per attempt, from the kept logs' times. */
  @Test
  void withoutTurnsABarPerAttemptFromTheKeptLogs() {
    TaskSnapshot t =
        new TaskSnapshot(
            "t",
            0,
            List.of(),
            TaskStatus.DONE,
            1L,
            at(30),
            at(0),
            at(60),
            TaskFigures.EMPTY,
            0,
            null,
            null,
            null,
            null,
            List.of("attempt 1 (server_error): 503"));

    assertThat(TaskBars.of(t, n -> n == 1 ? Optional.of(at(20)) : Optional.empty(), NOW))
        .extracting(
            TaskBars.Bar::turn,
            TaskBars.Bar::attempt,
            TaskBars.Bar::start,
            TaskBars.Bar::end,
            TaskBars.Bar::status,
            TaskBars.Bar::estimatedStart)
        .containsExactly(
            tuple(null, 1, at(0), at(20), "failed", false),
            tuple(null, 2, at(30), at(60), "done", false));
  }

  @Test
  void aTaskThatNeverStartedHasNoBar() {
    assertThat(TaskBars.of(task(TaskStatus.PENDING, null, null, List.of(), null), n -> null, NOW))
        .isEmpty();
  }

  private static TaskSnapshot task(
      TaskStatus status, Integer startS, Integer endS, List<String> attemptErrors, String error) {
    return new TaskSnapshot(
        "t",
        0,
        List.of(),
        status,
        null,
        null,
        startS == null ? null : at(startS),
        endS == null ? null : at(endS),
        TaskFigures.EMPTY,
        null,
        error,
        null,
        null,
        null,
        attemptErrors);
  }

  private static TaskTurn turn(int n, Kind kind, int startS, Integer endS, TaskStatus status) {
    return new TaskTurn(
        n,
        kind,
        "prompt " + n,
        at(startS),
        endS == null ? null : at(endS),
        0,
        0,
        0,
        status,
        "session");
  }

  private static Instant at(int second) {
    return T0.plusSeconds(second);
  }
}
