package dev.codexpar.ui;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.RunStatus;
import dev.codexpar.model.TaskFigures;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Fixed run states for renderer tests: every status, a long name, a long action, many tasks. */
final class RunFixtures {
  static final Instant START = Instant.parse("2026-11-26T12:00:00Z");
  static final Instant NOW = START.plusSeconds(205);
  static final Path DIR = Path.of("/tmp/codex-par-demo");

  private RunFixtures() {}

  /** Seven tasks in three waves, one of each status, while the run goes on. */
  static RunSnapshot everyStatus() {
    List<TaskSnapshot> tasks =
        List.of(
            task(
                "fetch_sources",
                0,
                TaskStatus.DONE,
                0,
                62,
                figures(41, 24_000, 1_234, 0, 7, "SAY Sources fetched and summarised."),
                null),
            task(
                "analyse_fee_calculator_precision_and_rounding",
                0,
                TaskStatus.RUNNING,
                75,
                null,
                figures(
                    318,
                    1_250_000,
                    34_500,
                    3,
                    12,
                    "RUN mvn -q -Dtest=FeeCalculatorTest test -DfailIfNoTests=false && grep -R"
                        + " 'BigDecimal' src/main/java"),
                null),
            task(
                "lint",
                0,
                TaskStatus.FAILED,
                10,
                19,
                figures(9, 3_100, 90, 0, 1, "RUN npm run lint"),
                "codex exited 1: unexpected status 429 Too Many Requests: rate limit reached for"
                    + " gpt-5-codex"),
            task("cross_review", 1, TaskStatus.PENDING, null, null, TaskFigures.EMPTY, null),
            task(
                "docs",
                1,
                TaskStatus.SKIPPED,
                null,
                null,
                TaskFigures.EMPTY,
                "dependency lint did not end done"),
            task(
                "bench",
                1,
                TaskStatus.CANCELLED,
                30,
                40,
                figures(4, 800, 12, 0, 0, "THINK Planning"),
                "cancelled by the MCP client"),
            task(
                "report",
                2,
                TaskStatus.INTERRUPTED,
                60,
                null,
                figures(12, 5_000, 300, 1, 2, "EDIT docs/report.md"),
                "codex-par (pid 4242) stopped before this task ended"));
    return new RunSnapshot(
        "20261126-120000-ab12", DIR, RunStatus.RUNNING, START, null, tasks, false, true, true, 42);
  }

  /** Thirty tasks in three waves: more than a small terminal has rows. */
  static RunSnapshot manyTasks() {
    List<TaskSnapshot> tasks = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      TaskStatus status =
          i < 14
              ? TaskStatus.DONE
              : i < 17
                  ? TaskStatus.RUNNING
                  : i == 17 ? TaskStatus.FAILED : i == 18 ? TaskStatus.SKIPPED : TaskStatus.PENDING;
      boolean started = status != TaskStatus.PENDING && status != TaskStatus.SKIPPED;
      tasks.add(
          task(
              String.format("task_%02d", i),
              i / 10,
              status,
              started ? i * 5 : null,
              status.isFinal() && started ? i * 5 + 30 : null,
              started
                  ? figures(10 + i, 1_000L * i, 50L * i, i % 3, i % 5, "RUN step " + i)
                  : TaskFigures.EMPTY,
              status == TaskStatus.FAILED
                  ? "turn failed: tests do not compile"
                  : status == TaskStatus.SKIPPED ? "dependency task_17 did not end done" : null));
    }
    return new RunSnapshot(
        "20261126-120000-cd34", DIR, RunStatus.RUNNING, START, null, tasks, false, true, true, 7);
  }

  /** The same run once every task is final. */
  /** {@link #finished}, with worktrees on its done tasks (the first one's not yet committed). */
  static RunSnapshot withWorktrees() {
    RunSnapshot run = finished();
    List<TaskSnapshot> tasks = new java.util.ArrayList<>();
    int n = 0;
    for (TaskSnapshot t : run.tasks()) {
      if (t.status() != TaskStatus.DONE) {
        tasks.add(t);
        continue;
      }
      Path path = DIR.resolve("worktrees").resolve(t.name());
      dev.codexpar.model.WorktreeInfo made =
          dev.codexpar.model.WorktreeInfo.created(
              Path.of("/work/repo"), path, "codex-par/r/" + t.name(), "b".repeat(40));
      tasks.add(t.withWorktree(n++ == 0 ? made : made.withChange("c".repeat(40), n, 12L * n, n)));
    }
    return new RunSnapshot(
        run.runId(),
        DIR,
        run.status(),
        run.startedAt(),
        run.endedAt(),
        tasks,
        false,
        true,
        false,
        run.version());
  }

  static RunSnapshot finished() {
    RunSnapshot running = everyStatus();
    List<TaskSnapshot> tasks =
        running.tasks().stream()
            .map(
                t ->
                    t.status() == TaskStatus.RUNNING
                        ? withEnd(t.withStatus(TaskStatus.DONE, null), 190)
                        : t.status() == TaskStatus.PENDING
                            ? t.withStatus(TaskStatus.SKIPPED, "dependency lint did not end done")
                            : t)
            .toList();
    return new RunSnapshot(
        running.runId(),
        DIR,
        RunStatus.FAILED,
        START,
        START.plusSeconds(200),
        tasks,
        false,
        true,
        false,
        50);
  }

  /** A run whose one task failed before its codex started: no pid, so no logs either. */
  static RunSnapshot codexNeverStarted() {
    TaskSnapshot lint =
        task(
            "lint",
            0,
            TaskStatus.FAILED,
            null,
            null,
            TaskFigures.EMPTY,
            "cannot start codex: /opt/codex: No such file or directory");
    return new RunSnapshot(
        "20261126-120000-ef56",
        DIR,
        RunStatus.FAILED,
        START,
        START.plusSeconds(1),
        List.of(lint),
        false,
        true,
        false,
        3);
  }

  /**
   * A failed task whose codex printed terminal escapes: a clipboard write (OSC 52), a screen clear,
   * a right-to-left override and a NUL, in its last action and its error.
   */
  static RunSnapshot hostileText() {
    TaskSnapshot task =
        withEnd(
            task(
                "victim",
                0,
                TaskStatus.FAILED,
                0,
                null,
                figures(
                    3, 10, 1, 0, 1, "RUN echo \u001b]52;c;ZXZpbA==\u0007 \u001b[2J\u202Egnp.exe"),
                "codex exited 1: \u001b[2J\u001b[H\u0000 \u009b31m red"),
            9);
    return new RunSnapshot(
        "20261126-120000-ab12",
        DIR,
        RunStatus.FAILED,
        START,
        START.plusSeconds(9),
        List.of(task),
        false,
        true,
        false,
        1);
  }

  static TaskFigures figures(
      long events, long in, long out, int files, int commands, String lastAction) {
    return new TaskFigures(events, in, 0, out, 0, files, commands, lastAction, "s", null, null, 0);
  }

  private static TaskSnapshot task(
      String name,
      int wave,
      TaskStatus status,
      Integer startSecond,
      Integer endSecond,
      TaskFigures figures,
      String error) {
    return new TaskSnapshot(
        name,
        wave,
        List.of(),
        status,
        startSecond == null ? null : 1000L + wave,
        null,
        startSecond == null ? null : START.plusSeconds(startSecond),
        endSecond == null ? null : START.plusSeconds(endSecond),
        figures,
        null,
        error,
        null,
        name,
        name,
        List.of());
  }

  private static TaskSnapshot withEnd(TaskSnapshot t, int endSecond) {
    return new TaskSnapshot(
        t.name(),
        t.wave(),
        t.dependsOn(),
        t.status(),
        t.pid(),
        t.pidStartedAt(),
        t.startedAt(),
        START.plusSeconds(endSecond),
        t.figures(),
        0,
        t.error(),
        t.argv(),
        t.agentId(),
        t.threadId(),
        t.attemptErrors());
  }

  static Duration elapsed() {
    return Duration.between(START, NOW);
  }
}
