package dev.codexpar.mcp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.codexpar.model.Orphan;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskFigures;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.report.CriticalPath;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * get_status's answer for one run, small whatever the run's size (a model reads every byte of it):
 * counts and totals, the running tasks and the ones that went wrong (each list bounded), the last
 * changes; the task table only when asked for, a page at a time.
 */
@RegisterForReflection(
    targets = {
      StatusViews.RunView.class,
      StatusViews.Totals.class,
      StatusViews.RunningTask.class,
      StatusViews.TroubledTask.class,
      StatusViews.Change.class
    })
public final class StatusViews {
  /** Each list of the summary holds at most this many tasks; the counts tell the rest. */
  static final int LIST_LIMIT = 20;

  static final int RECENT = 5;
  private static final int ACTION_CHARS = 80;
  private static final int ERROR_CHARS = 200;
  private static final Set<TaskStatus> TROUBLE =
      Set.of(TaskStatus.FAILED, TaskStatus.CANCELLED, TaskStatus.INTERRUPTED);

  private StatusViews() {}

  /**
   * One run: the summary, plus {@code tasks} (a page of the table, from {@code offset}) when asked
   * for; {@code next_offset} names the next page, absent after the last; {@code critical_path}, on
   * the table's first page, the chain of tasks that held the run up so far (see {@link
   * CriticalPath}).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record RunView(
      String runId,
      String dir,
      String status,
      boolean live,
      boolean dynamic,
      boolean sealed,
      String startedAt,
      String endedAt,
      long version,
      Map<String, Long> counts,
      Totals totals,
      List<RunningTask> running,
      List<TroubledTask> troubled,
      List<Change> recent,
      List<Orphan> orphans,
      List<Views.TaskView> tasks,
      Integer nextOffset,
      List<String> criticalPath,
      String report) {}

  /** Tokens of every task, and the run's wall time so far. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Totals(
      long inputTokens,
      long cachedInputTokens,
      long outputTokens,
      long reasoningOutputTokens,
      long elapsedMs) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record RunningTask(String name, long elapsedMs, String lastAction) {}

  /** A failed, cancelled or interrupted task and why. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record TroubledTask(String name, String status, String error) {}

  /** A task that started or ended, newest first. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Change(String task, String status, String at) {}

  /**
   * The view of a run.
   *
   * @param table the tasks of the table (all, or those changed since the caller's version)
   * @param page the part of the table to include, or null for the summary alone
   * @param report the run's report page, once written (after the run's end), or null
   */
  static RunView of(
      RunSnapshot run,
      List<Orphan> orphans,
      List<TaskSnapshot> table,
      Page page,
      Instant now,
      String report) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (TaskStatus status : TaskStatus.values()) {
      long n = run.count(status);
      if (n > 0) {
        counts.put(status.wireName(), n);
      }
    }
    List<TaskSnapshot> tasks = run.tasks();
    List<Views.TaskView> rows = null;
    Integer next = null;
    List<String> critical = null;
    if (page != null) {
      int from = Math.min(page.offset(), table.size());
      int to = Math.min(table.size(), from + page.limit());
      rows = table.subList(from, to).stream().map(Views.TaskView::of).toList();
      next = to < table.size() ? to : null;
      critical = from == 0 ? CriticalPath.of(tasks, now) : null; // once, not on every page
    }
    return new RunView(
        run.runId(),
        run.dir().toString(),
        run.status().wireName(),
        run.live(),
        run.dynamic(),
        run.sealed(),
        Views.text(run.startedAt()),
        Views.text(run.endedAt()),
        run.version(),
        counts,
        totals(run, now),
        tasks.stream()
            .filter(t -> t.status() == TaskStatus.RUNNING)
            .limit(LIST_LIMIT)
            .map(t -> new RunningTask(t.name(), millis(t.duration(now)), action(t)))
            .toList(),
        tasks.stream()
            .filter(t -> TROUBLE.contains(t.status()))
            .limit(LIST_LIMIT)
            .map(
                t -> new TroubledTask(t.name(), t.status().wireName(), cut(t.error(), ERROR_CHARS)))
            .toList(),
        recent(tasks),
        orphans,
        rows,
        next,
        critical,
        report);
  }

  /** A page of the task table. */
  record Page(int offset, int limit) {}

  private static Totals totals(RunSnapshot run, Instant now) {
    long in = 0, cached = 0, out = 0, reasoning = 0;
    for (TaskSnapshot t : run.tasks()) {
      TaskFigures f = figures(t);
      in += f.inputTokens();
      cached += f.cachedInputTokens();
      out += f.outputTokens();
      reasoning += f.reasoningOutputTokens();
    }
    Instant end = run.endedAt() != null ? run.endedAt() : now;
    long elapsed = run.startedAt() == null ? 0 : Duration.between(run.startedAt(), end).toMillis();
    return new Totals(in, cached, out, reasoning, elapsed);
  }

  /** The last starts and ends, newest first: derived from the tasks' times. */
  private static List<Change> recent(List<TaskSnapshot> tasks) {
    record At(Instant at, String task, String status) {}
    List<At> changes = new ArrayList<>();
    for (TaskSnapshot t : tasks) {
      if (t.endedAt() != null) {
        changes.add(new At(t.endedAt(), t.name(), t.status().wireName()));
      }
      if (t.startedAt() != null) {
        changes.add(new At(t.startedAt(), t.name(), TaskStatus.RUNNING.wireName()));
      }
    }
    return changes.stream()
        .sorted(Comparator.comparing(At::at).reversed())
        .limit(RECENT)
        .map(c -> new Change(c.task(), c.status(), Views.text(c.at())))
        .toList();
  }

  /** The view's text: the same facts in a few lines. */
  static String text(RunView view) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "run "
            + view.runId()
            + ": "
            + view.status()
            + ", "
            + view.counts()
            + ", tokens in "
            + view.totals().inputTokens()
            + " out "
            + view.totals().outputTokens()
            + ", "
            + seconds(view.totals().elapsedMs())
            + (view.dynamic() && !view.sealed() ? ", open for dispatch until sealed" : "")
            + "; version "
            + view.version());
    view.running()
        .forEach(
            t ->
                lines.add(
                    "running "
                        + t.name()
                        + " "
                        + seconds(t.elapsedMs())
                        + (t.lastAction() == null ? "" : ": " + t.lastAction())));
    view.troubled().forEach(t -> lines.add(t.status() + " " + t.name() + ": " + t.error()));
    for (Orphan o : view.orphans()) {
      lines.add(
          "orphan: task "
              + o.task()
              + " left codex pid "
              + o.pid()
              + " running; cancel_run on this run stops it");
    }
    if (view.report() != null) {
      lines.add("report: " + view.report());
    }
    if (view.tasks() != null) {
      view.tasks().forEach(t -> lines.add(row(t)));
      lines.add(
          view.nextOffset() == null
              ? "(last page of the task table)"
              : "(more tasks: offset " + view.nextOffset() + ")");
    }
    return String.join("\n", lines);
  }

  private static String row(Views.TaskView t) {
    String what = t.error() != null ? t.error() : t.lastAction();
    return t.name()
        + " "
        + t.status()
        + " wave "
        + t.wave()
        + (t.durationMs() == null ? "" : " " + seconds(t.durationMs()))
        + " tokens "
        + t.inputTokens()
        + "/"
        + t.outputTokens()
        + (what == null ? "" : ": " + cut(what, ACTION_CHARS));
  }

  private static String seconds(long millis) {
    return String.format("%.1fs", millis / 1000.0);
  }

  private static long millis(Duration d) {
    return d == null ? 0 : d.toMillis();
  }

  private static TaskFigures figures(TaskSnapshot t) {
    return t.figures() == null ? TaskFigures.EMPTY : t.figures();
  }

  private static String action(TaskSnapshot t) {
    return cut(figures(t).lastAction(), ACTION_CHARS);
  }

  /** At most {@code max} characters, never a half surrogate pair, with … when cut. */
  static String cut(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end) + "…";
  }
}
