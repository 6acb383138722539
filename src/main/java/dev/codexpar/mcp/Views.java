package dev.codexpar.mcp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.codexpar.model.Orphan;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskFigures;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.model.WorktreeInfo;
import dev.codexpar.report.TaskBars;
import dev.codexpar.usecase.RunDirectory;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/**
 * The structured results of the tools (snake_case JSON; times as ISO-8601 text; null fields left
 * out). The tools declare no output schema: tools/list, which a model reads whole, stays small.
 */
@RegisterForReflection(
    targets = {
      Views.StartedRun.class,
      Views.TaskView.class,
      Views.WorktreeView.class,
      Views.TurnView.class,
      Views.MergedView.class,
      Views.RunList.class,
      Views.RunSummary.class,
      Views.ChunkView.class,
      Views.Cancelled.class,
      Views.Dispatched.class,
      Views.DispatchedTask.class,
      Views.Sealed.class,
      Views.FactWritten.class,
      Views.FactList.class,
      Views.FactView.class,
      Views.Failure.class,
      Views.ProblemView.class
    })
public final class Views {
  private Views() {}

  /**
   * start_run's result; {@code notes}, only when there are some, say what the run leaves out (e.g.
   * a repository's uncommitted changes, which its worktrees do not get).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record StartedRun(
      String runId,
      String dir,
      boolean dynamic,
      int maxParallel,
      boolean keepGoing,
      List<String> tasks,
      List<List<String>> waves,
      String resumedFrom,
      List<String> carriedOver,
      List<String> toRun,
      String report,
      List<String> notes) {}

  /** One task of a run, with the CLI's figures. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record TaskView(
      String name,
      int wave,
      List<String> dependsOn,
      String status,
      Long pid,
      String startedAt,
      String endedAt,
      Long durationMs,
      long events,
      long inputTokens,
      long cachedInputTokens,
      long outputTokens,
      long reasoningOutputTokens,
      int files,
      int commands,
      String lastAction,
      Integer exitCode,
      String error,
      @JsonInclude(JsonInclude.Include.NON_NULL) WorktreeView worktree,
      List<TurnView> turns) {

    static TaskView of(TaskSnapshot t) {
      TaskFigures f = t.figures() == null ? TaskFigures.EMPTY : t.figures();
      Instant now = Instant.now();
      var duration = t.duration(now);
      return new TaskView(
          t.name(),
          t.wave(),
          t.dependsOn(),
          t.status().wireName(),
          t.pid(),
          text(t.startedAt()),
          text(t.endedAt()),
          duration == null ? null : duration.toMillis(),
          f.events(),
          f.inputTokens(),
          f.cachedInputTokens(),
          f.outputTokens(),
          f.reasoningOutputTokens(),
          f.files(),
          f.commands(),
          f.lastAction(),
          t.exitCode(),
          t.error(),
          WorktreeView.of(t.worktree()),
          TurnView.of(t, now));
    }
  }

  /**
   * One codex turn of a task asked again, verified or retried in its session (left out for a task
   * of one turn: its times are the task's), numbered by attempt as the report draws it.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record TurnView(
      int turn, int attempt, String kind, String status, String startedAt, String endedAt) {
    static List<TurnView> of(TaskSnapshot t, Instant now) {
      if (t.turns().size() < 2) {
        return null;
      }
      return TaskBars.perTurn(t, now).stream()
          .map(
              b ->
                  new TurnView(
                      b.turn(),
                      b.attempt(),
                      b.kind(),
                      b.status(),
                      text(b.start()),
                      b.status().equals(TaskStatus.RUNNING.wireName()) ? null : text(b.end())))
          .toList();
    }
  }

  /**
   * merge_tasks's result: the tasks merged in dependency order, the branch, its commit before and
   * after; {@code created} when {@code into} made a new branch.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record MergedView(
      String runId,
      List<String> tasks,
      String branch,
      String previous,
      String head,
      boolean created) {}

  /**
   * A worktree task's git worktree and branch; {@code head} and the change's size once its work was
   * committed (it ended done).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record WorktreeView(
      String path,
      String branch,
      String base,
      String head,
      int filesChanged,
      long insertions,
      long deletions) {
    static WorktreeView of(WorktreeInfo w) {
      return w == null
          ? null
          : new WorktreeView(
              w.path().toString(),
              w.branch(),
              w.base(),
              w.head(),
              w.filesChanged(),
              w.insertions(),
              w.deletions());
    }
  }

  /**
   * get_status's result without run_id: a page of the runs this server's root knows ({@code total}
   * in all), newest first; {@code next_offset} names the next page, absent after the last.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record RunList(String root, int total, List<RunSummary> runs, Integer nextOffset) {}

  /** One line of the run list. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record RunSummary(
      String runId,
      String dir,
      String status,
      boolean live,
      boolean dynamic,
      boolean sealed,
      String startedAt,
      String endedAt,
      int tasks,
      long done,
      long running,
      long pending,
      String brokenFile,
      String problem) {

    static RunSummary of(RunDirectory.Listed listed) {
      if (listed.run() == null) {
        return new RunSummary(
            listed.runId(),
            listed.dir().toString(),
            "broken",
            false,
            false,
            false,
            null,
            null,
            0,
            0,
            0,
            0,
            listed.broken().file().toString(),
            listed.broken().getMessage());
      }
      RunSnapshot run = listed.run();
      return new RunSummary(
          run.runId(),
          run.dir().toString(),
          run.status().wireName(),
          run.live(),
          run.dynamic(),
          run.sealed(),
          text(run.startedAt()),
          text(run.endedAt()),
          run.tasks().size(),
          run.count(TaskStatus.DONE),
          run.count(TaskStatus.RUNNING),
          run.count(TaskStatus.PENDING),
          null,
          null);
    }
  }

  /** read_output's and read_stderr's result. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ChunkView(
      String runId,
      String task,
      String taskStatus,
      String text,
      long offset,
      long nextOffset,
      long totalBytes,
      boolean eof) {}

  /** cancel_run's result; {@code stopped_orphans} for an interrupted run of an earlier server. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Cancelled(
      String runId,
      String task,
      List<String> cancelled,
      String status,
      List<Orphan> stoppedOrphans) {}

  /** Notes for the user, each on a line of its own after a tool's text; none for null. */
  static String noteLines(List<String> notes) {
    return notes == null ? "" : "\n" + String.join("\n", notes);
  }

  /** dispatch_task's and dispatch_wave's result; {@code notes} as start_run's, none when empty. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Dispatched(String runId, List<DispatchedTask> tasks, List<String> notes) {}

  /** One accepted task: it is queued or running, and will run unless the run is cancelled. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record DispatchedTask(String name, int wave, List<String> dependsOn, String status) {}

  /** seal_dispatch's result. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Sealed(String runId, boolean sealed, String status, int tasks, long unfinished) {}

  /** write_fact's result. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record FactWritten(
      String runId,
      String key,
      String value,
      String updatedAt,
      boolean truncated,
      int originalBytes) {}

  /** read_facts's result, ordered by key. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record FactList(String runId, List<FactView> facts) {}

  /** One fact. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record FactView(String key, String value, String updatedAt) {}

  /** The structured content of every failed call. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Failure(String code, String message, List<ProblemView> problems) {}

  /** One problem of a tasks YAML. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ProblemView(String source, int line, String task, String field, String message) {}

  static String text(Instant time) {
    return time == null ? null : time.toString();
  }
}
