package dev.codexpar.report;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.RunStatus;
import dev.codexpar.model.TaskFigures;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.model.TaskTurn;
import dev.codexpar.model.VerifyRound;
import dev.codexpar.model.WorktreeInfo;
import dev.codexpar.store.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A run folder holding one task of every status (the folder's lock held by this process, so the
 * running task reads running), with outputs, stderr logs, event logs, a retried task whose first
 * attempt's logs were kept (its meta lists no turns, as an older one), a task whose first turn was
 * retried in its session, and a worktree task of three turns (its first, a verify fix after a
 * failed verify round, a follow-up) with a committed change.
 */
final class ReportFixtures {
  static final Instant START = Instant.parse("2026-11-26T12:00:00Z");
  static final Instant NOW = START.plusSeconds(120);

  /** polish's committed change: lines added and removed in its worktree. */
  static final long POLISH_INSERTIONS = 42;

  static final long POLISH_DELETIONS = 7;

  /** A markdown output that tries to run a script: the page must show it as text. */
  static final String HOSTILE = "<script>window.pwned = true</script>";

  static final List<String> NAMES =
      List.of(
          "fee_calculator",
          "retry_job",
          "lint_config",
          "cross_review",
          "fix_rounding",
          "polish",
          "docs",
          "bench",
          "notes",
          "deploy");

  private ReportFixtures() {}

  /** Writes the run into {@code dir}; the returned ownership keeps it live until closed. */
  static RunFolder.Ownership everyStatus(Path dir) throws IOException {
    RunFolder folder = new RunFolder(dir);
    folder.createLayout();
    RunFolder.Ownership lock = folder.tryOwn().orElseThrow();
    List<TaskSnapshot> tasks = new ArrayList<>();
    tasks.add(
        task(
            "fee_calculator",
            0,
            List.of(),
            TaskStatus.DONE,
            0,
            40,
            figs(18_432, 12_288, 1_240, 640, 3, 0),
            null,
            List.of()));
    tasks.add(
        task(
                "retry_job",
                0,
                List.of(),
                TaskStatus.DONE,
                0,
                55,
                figs(15_870, 9_216, 1_410, 896, 2, 0),
                null,
                List.of("attempt 1 (rate_limit): 429 Too Many Requests"))
            .withTurns(
                List.of(
                    turn(
                        1, TaskTurn.Kind.START, "Review the retry logic", 0, 10, TaskStatus.FAILED),
                    turn(2, TaskTurn.Kind.RETRY, "Go on", 14, 55, TaskStatus.DONE)),
                List.of()));
    tasks.add(
        task(
            "lint_config",
            0,
            List.of(),
            TaskStatus.DONE,
            20,
            35,
            figs(6_240, 2_048, 388, 128, 1, 0),
            null,
            List.of("exceeded retry limit, last status: 503 Service Unavailable")));
    tasks.add(
        task(
                "cross_review",
                1,
                List.of("fee_calculator", "retry_job"),
                TaskStatus.RUNNING,
                56,
                null,
                figs(9_000, 4_000, 300, 100, 1, 0),
                null,
                List.of())
            .withTurns(
                List.of(turn(1, TaskTurn.Kind.START, "Cross-review", 56, null, TaskStatus.RUNNING)),
                List.of()));
    tasks.add(
        task(
            "fix_rounding",
            1,
            List.of("fee_calculator"),
            TaskStatus.FAILED,
            41,
            90,
            figs(27_904, 20_480, 2_210, 1_152, 2, 2),
            "codex exited 1: tests failed",
            List.of()));
    Path repo = dir.resolve("repo");
    tasks.add(
        task(
                "polish",
                1,
                List.of("fee_calculator"),
                TaskStatus.DONE,
                41,
                100,
                figs(12_000, 6_000, 900, 300, 4, 3),
                null,
                List.of())
            .withTurns(
                List.of(
                    turn(1, TaskTurn.Kind.START, "Polish the fee code", 41, 60, TaskStatus.DONE),
                    turn(2, TaskTurn.Kind.VERIFY_FIX, "The check failed", 62, 75, TaskStatus.DONE),
                    turn(3, TaskTurn.Kind.FOLLOW_UP, "Also add a test", 90, 100, TaskStatus.DONE)),
                List.of(
                    new VerifyRound(1, at(60), at(62), 1, false, "1 test failed"),
                    new VerifyRound(2, at(75), at(77), 0, false, "ok")))
            .withWorktree(
                WorktreeInfo.created(
                        repo, dir.resolve("worktrees/polish"), "codex-par/r-every/polish", "b0")
                    .withChange("c1", 3, POLISH_INSERTIONS, POLISH_DELETIONS)));
    tasks.add(
        task(
            "docs",
            1,
            List.of("lint_config"),
            TaskStatus.CANCELLED,
            36,
            50,
            figs(800, 0, 12, 0, 0, 0),
            "cancelled by the MCP client",
            List.of()));
    tasks.add(
        task(
            "bench",
            2,
            List.of("fix_rounding"),
            TaskStatus.SKIPPED,
            null,
            null,
            TaskFigures.EMPTY,
            "dependency fix_rounding did not end done",
            List.of()));
    tasks.add(
        task(
            "notes",
            2,
            List.of("cross_review"),
            TaskStatus.PENDING,
            null,
            null,
            TaskFigures.EMPTY,
            null,
            List.of()));
    tasks.add(
        task(
            "deploy",
            2,
            List.of("lint_config"),
            TaskStatus.INTERRUPTED,
            60,
            70,
            figs(1_000, 0, 10, 0, 0, 0),
            "codex-par (pid 1) stopped before this task ended",
            List.of()));
    RunSnapshot run =
        new RunSnapshot(
            "r-every", folder.root(), RunStatus.RUNNING, START, null, tasks, false, false, true, 1);
    folder.writeRun(run);
    for (TaskSnapshot t : tasks) {
      folder.writeTask(run.runId(), t);
      if (t.startedAt() != null) {
        Files.writeString(
            folder.eventLog(t.name()),
            command("ls src", 0)
                + command("./gradlew test", t.status() == TaskStatus.FAILED ? 1 : 0)
                + (t.figures().files() > 0
                    ? fileChange(folder.root().resolve("src/Fee.java"))
                    : ""));
      }
    }
    Files.writeString(
        folder.output("fee_calculator"),
        "# Fee report\n\n| severity | finding |\n|---|---|\n| high | rounding uses `double` |\n\n"
            + HOSTILE
            + "\n");
    Files.writeString(folder.output("retry_job"), "- acks **before** processing\n");
    Files.writeString(folder.output("lint_config"), "1. `unused-imports` is off\n");
    Files.writeString(folder.stderrLog("fix_rounding"), "warming up\nERROR: 2 tests failed\n");
    Path firstAttempt = folder.root().resolve("logs/lint_config.attempt-1.jsonl");
    Files.writeString(firstAttempt, command("cat config/lint.yaml", 0));
    Files.setLastModifiedTime(firstAttempt, FileTime.from(START.plusSeconds(22)));
    return lock;
  }

  /** {@code n} done tasks in ten waves, each depending on one of the wave before. */
  static RunFolder many(Path dir, int n) {
    RunFolder folder = new RunFolder(dir);
    folder.createLayout();
    List<TaskSnapshot> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int wave = i * 10 / n;
      List<String> deps = wave == 0 ? List.of() : List.of(String.format("t%04d", i - n / 10));
      tasks.add(
          task(
              String.format("t%04d", i),
              wave,
              deps,
              TaskStatus.DONE,
              wave * 10 + i % 7,
              wave * 10 + 9,
              figs(1000 + i, 100, 10 + i, 0, 1, 0),
              null,
              List.of()));
    }
    RunSnapshot run =
        new RunSnapshot(
            "r-many",
            folder.root(),
            RunStatus.DONE,
            START,
            START.plusSeconds(100),
            tasks,
            false,
            false,
            false,
            1);
    folder.writeRun(run);
    tasks.forEach(t -> folder.writeTask(run.runId(), t));
    return folder;
  }

  private static Instant at(int second) {
    return START.plusSeconds(second);
  }

  private static TaskTurn turn(
      int n, TaskTurn.Kind kind, String prompt, int startS, Integer endS, TaskStatus status) {
    return new TaskTurn(
        n, kind, prompt, at(startS), endS == null ? null : at(endS), 100, 0, 10, status, "s-1");
  }

  private static String command(String cmd, int exit) {
    return "{\"type\":\"item.completed\",\"item\":{\"id\":\"i\",\"type\":\"command_execution\","
        + "\"command\":\""
        + cmd
        + "\",\"aggregated_output\":\"\",\"exit_code\":"
        + exit
        + ",\"status\":\"completed\"}}\n";
  }

  private static String fileChange(Path path) {
    return "{\"type\":\"item.completed\",\"item\":{\"id\":\"f\",\"type\":\"file_change\","
        + "\"changes\":[{\"path\":\""
        + path
        + "\",\"kind\":\"update\"}],\"status\":\"completed\"}}\n";
  }

  private static TaskFigures figs(
      long in, long cached, long out, long reasoning, int commands, int files) {
    return new TaskFigures(
        10, in, cached, out, reasoning, files, commands, "RUN ls", "thread", null, null, 0);
  }

  private static TaskSnapshot task(
      String name,
      int wave,
      List<String> deps,
      TaskStatus status,
      Integer startS,
      Integer endS,
      TaskFigures figures,
      String error,
      List<String> attemptErrors) {
    return new TaskSnapshot(
        name,
        wave,
        deps,
        status,
        startS == null ? null : 4242L,
        // a retried task's codex (the last attempt's) started after the first attempt's end
        attemptErrors.isEmpty() || startS == null ? null : START.plusSeconds(startS + 4),
        startS == null ? null : START.plusSeconds(startS),
        endS == null ? null : START.plusSeconds(endS),
        figures,
        status == TaskStatus.FAILED ? 1 : null,
        error,
        null,
        name,
        name,
        attemptErrors);
  }
}
