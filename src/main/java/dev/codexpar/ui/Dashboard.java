package dev.codexpar.ui;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.RunStatus;
import dev.codexpar.model.SafeText;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.plan.DurationText;
import dev.codexpar.store.RunFolder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Renders a run as a frame of lines that fit a terminal: a header with the time and counts, the
 * tasks grouped by wave, a footer with where results and logs are. Pure (state, time and size in,
 * lines out), so {@code run --dashboard}, {@code status} and {@code status -w} share it and golden
 * tests pin it.
 *
 * <p>A frame is never wider than {@code width} columns (names and last actions are cut with an
 * ellipsis) nor taller than {@code height} rows: when the tasks do not fit, running and failed ones
 * come first and the rest are folded into a count, so a big run stays readable.
 */
public final class Dashboard {
  /** Statuses in the order a folded frame shows them: what needs attention first. */
  private static final List<TaskStatus> ATTENTION =
      List.of(
          TaskStatus.RUNNING,
          TaskStatus.FAILED,
          TaskStatus.INTERRUPTED,
          TaskStatus.PENDING,
          TaskStatus.CANCELLED,
          TaskStatus.SKIPPED,
          TaskStatus.DONE);

  /** The width of a frame printed where no terminal says its width (a pipe, a file, MCP). */
  public static final int PLAIN_WIDTH = 120;

  /** The statuses that are not in the headline "done, running, failed". */
  private static final List<TaskStatus> OTHERS =
      List.of(TaskStatus.PENDING, TaskStatus.SKIPPED, TaskStatus.CANCELLED, TaskStatus.INTERRUPTED);

  private final TimeOfDay clock;
  private final String interruptHint;

  /**
   * @param zone the zone of the header's clock
   * @param interruptHint what Ctrl+C does, shown in the footer while the run is live (none when
   *     empty)
   */
  public Dashboard(ZoneId zone, String interruptHint) {
    this.clock = new TimeOfDay(zone);
    this.interruptHint = interruptHint;
  }

  /** The whole frame, plain and {@link #PLAIN_WIDTH} wide, for pipes, files and MCP replies. */
  public List<String> plain(RunSnapshot run, Instant now) {
    return frame(run, now, PLAIN_WIDTH, Integer.MAX_VALUE, false);
  }

  /** The frame: at most {@code width} columns and {@code height} rows (ANSI colours excluded). */
  public List<String> frame(RunSnapshot run, Instant now, int width, int height, boolean colour) {
    Columns columns = Columns.fit(width, run.tasks());
    List<String> head = header(run, now, width, colour);
    head.add(StatusLook.dim(columns.heading(), colour));
    List<String> foot = footer(run, width);
    List<String> body = byWave(run, now, columns, width, colour);
    if (head.size() + body.size() + foot.size() > height) {
      body = folded(run, now, columns, width, height - head.size() - foot.size(), colour);
    }
    List<String> lines = new ArrayList<>(head);
    lines.addAll(body);
    lines.addAll(foot);
    return List.copyOf(lines.subList(0, Math.min(lines.size(), Math.max(1, height))));
  }

  /**
   * What stays under the last frame: counts, wall time, total tokens, the slowest task, and the
   * stderr log of each failed task. Not cut to a width: paths stay whole.
   */
  public List<String> summary(RunSnapshot run, Instant now) {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "run %s %s in %s: %s; tokens %s",
            run.runId(),
            run.status().wireName(),
            DurationText.format(wall(run, now)),
            counts(run),
            tokens(run)));
    run.tasks().stream()
        .filter(t -> t.duration(now) != null)
        .max(Comparator.comparing((TaskSnapshot t) -> t.duration(now)))
        .ifPresent(
            t ->
                lines.add(
                    "slowest: " + t.name() + " (" + DurationText.format(t.duration(now)) + ")"));
    RunFolder folder = new RunFolder(run.dir());
    for (TaskSnapshot t : run.tasks()) {
      if (t.status() == TaskStatus.FAILED || t.status() == TaskStatus.INTERRUPTED) {
        lines.add(
            t.status().wireName()
                + " "
                + t.name()
                + ": "
                + SafeText.printable(t.error())
                + folder.stderrPointer(t));
      }
    }
    return lines;
  }

  private List<String> header(RunSnapshot run, Instant now, int width, boolean colour) {
    String title =
        "CODEX-PAR | "
            + clock.format(now)
            + " | "
            + headline(run)
            + " | "
            + DurationText.format(wall(run, now));
    StringJoiner details = new StringJoiner(" | ");
    details.add("run " + run.runId() + " " + run.status().wireName());
    details.add("tokens " + tokens(run));
    String others = countsOf(run.tasks(), OTHERS);
    if (!others.isEmpty()) {
      details.add(others);
    }
    List<String> lines = new ArrayList<>();
    lines.add(StatusLook.bold(Cell.cut(title, width), colour));
    lines.add(Cell.cut(details.toString(), width));
    return lines;
  }

  private List<String> footer(RunSnapshot run, int width) {
    List<String> lines = new ArrayList<>();
    lines.add(
        Cell.cut(
            "results: "
                + run.dir().resolve("outputs")
                + "/  logs: "
                + run.dir().resolve("logs")
                + "/",
            width));
    if (run.status() == RunStatus.RUNNING && run.live() && !interruptHint.isEmpty()) {
      lines.add(Cell.cut(interruptHint, width));
    }
    return lines;
  }

  private List<String> byWave(
      RunSnapshot run, Instant now, Columns columns, int width, boolean colour) {
    List<String> lines = new ArrayList<>();
    for (int wave = 0; wave < run.waveCount(); wave++) {
      List<TaskSnapshot> tasks = ofWave(run, wave);
      if (tasks.isEmpty()) {
        continue;
      }
      String title = "-- Wave " + wave + " (" + doneOf(tasks) + "/" + tasks.size() + " done) ";
      lines.add(
          StatusLook.dim(
              Cell.cut(title + "-".repeat(Math.max(0, width - title.length())), width), colour));
      for (TaskSnapshot t : tasks) {
        boolean errorLine = hasErrorLine(t);
        lines.add(columns.row(t, now, errorLine, colour));
        if (errorLine) {
          lines.add(
              StatusLook.of(t.status()).paint(Cell.cut("    error: " + t.error(), width), colour));
        }
      }
    }
    return lines;
  }

  /** Tasks that need attention first, the rest counted in one line; fits {@code rows}. */
  private List<String> folded(
      RunSnapshot run, Instant now, Columns columns, int width, int rows, boolean colour) {
    List<String> lines = new ArrayList<>();
    lines.add(StatusLook.dim(Cell.cut(waveCounts(run), width), colour));
    List<TaskSnapshot> order =
        run.tasks().stream()
            .sorted(Comparator.comparingInt(t -> ATTENTION.indexOf(t.status())))
            .toList();
    int room = rows - lines.size();
    int shown = order.size() <= room ? order.size() : Math.max(0, room - 1);
    for (TaskSnapshot t : order.subList(0, shown)) {
      lines.add(columns.row(t, now, false, colour));
    }
    List<TaskSnapshot> hidden = order.subList(shown, order.size());
    if (!hidden.isEmpty()) {
      lines.add(
          Cell.cut(
              Cell.ELLIPSIS + " " + hidden.size() + " more: " + countsOf(hidden, ATTENTION),
              width));
    }
    return lines;
  }

  private static boolean hasErrorLine(TaskSnapshot t) {
    return t.error() != null
        && (t.status() == TaskStatus.FAILED || t.status() == TaskStatus.INTERRUPTED);
  }

  private static String waveCounts(RunSnapshot run) {
    StringJoiner waves = new StringJoiner(", ", "waves (done/all): ", "");
    for (int wave = 0; wave < run.waveCount(); wave++) {
      List<TaskSnapshot> tasks = ofWave(run, wave);
      waves.add(wave + ": " + doneOf(tasks) + "/" + tasks.size());
    }
    return waves.toString();
  }

  /** {@code 3/7 done, 2 running, 1 failed}, then every other status that occurs. */
  private static String counts(RunSnapshot run) {
    String main = headline(run);
    String others = countsOf(run.tasks(), OTHERS);
    return others.isEmpty() ? main : main + ", " + others;
  }

  /** {@code 3/7 done, 2 running, 1 failed}. */
  private static String headline(RunSnapshot run) {
    Map<TaskStatus, Long> n = tally(run.tasks());
    return String.format(
        "%d/%d done, %d running, %d failed",
        n.get(TaskStatus.DONE),
        run.tasks().size(),
        n.get(TaskStatus.RUNNING),
        n.get(TaskStatus.FAILED));
  }

  private static List<TaskSnapshot> ofWave(RunSnapshot run, int wave) {
    return run.tasks().stream().filter(t -> t.wave() == wave).toList();
  }

  private static long doneOf(List<TaskSnapshot> tasks) {
    return tasks.stream().filter(t -> t.status() == TaskStatus.DONE).count();
  }

  /** {@code 2 pending, 1 skipped}: the given statuses that occur, with their counts. */
  private static String countsOf(List<TaskSnapshot> tasks, List<TaskStatus> statuses) {
    Map<TaskStatus, Long> n = tally(tasks);
    StringJoiner text = new StringJoiner(", ");
    for (TaskStatus s : statuses) {
      if (n.get(s) > 0) {
        text.add(n.get(s) + " " + s.wireName());
      }
    }
    return text.toString();
  }

  private static Map<TaskStatus, Long> tally(List<TaskSnapshot> tasks) {
    Map<TaskStatus, Long> n = new EnumMap<>(TaskStatus.class);
    for (TaskStatus s : TaskStatus.values()) {
      n.put(s, 0L);
    }
    tasks.forEach(t -> n.merge(t.status(), 1L, Long::sum));
    return n;
  }

  private static String tokens(RunSnapshot run) {
    long in = run.tasks().stream().mapToLong(t -> t.figures().inputTokens()).sum();
    long out = run.tasks().stream().mapToLong(t -> t.figures().outputTokens()).sum();
    return Units.count(in) + " in / " + Units.count(out) + " out";
  }

  private static Duration wall(RunSnapshot run, Instant now) {
    return run.startedAt() == null
        ? Duration.ZERO
        : Duration.between(run.startedAt(), run.endedAt() != null ? run.endedAt() : now);
  }
}
