package dev.codexpar.ui;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.plan.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table of a run, one line per task, for {@code status} and run summaries. */
public final class StatusTable {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private StatusTable() {}

  public static List<String> render(RunSnapshot run, Instant now) {
    List<String> lines = new ArrayList<>();
    Duration wall =
        run.startedAt() == null
            ? Duration.ZERO
            : Duration.between(run.startedAt(), run.endedAt() != null ? run.endedAt() : now);
    lines.add(
        String.format(
            "run %s  %s  %d/%d done  %s  (%s)",
            run.runId(),
            run.status().wireName(),
            run.count(dev.codexpar.model.TaskStatus.DONE),
            run.tasks().size(),
            DurationText.format(wall),
            run.dir()));
    lines.add(
        String.format(
            "%-4s %-24s %-11s %8s %7s %15s %5s %5s  %s",
            "WAVE",
            "TASK",
            "STATUS",
            "TIME",
            "EVENTS",
            "TOKENS IN/OUT",
            "FILES",
            "CMDS",
            "LAST ACTION / ERROR"));
    for (TaskSnapshot t : run.tasks()) {
      Duration d = t.duration(now);
      String detail = t.error() != null ? t.error() : nullToEmpty(t.figures().lastAction());
      lines.add(
          String.format(
              "%-4d %-24s %-11s %8s %7d %15s %5d %5d  %s",
              t.wave(),
              t.name(),
              t.status().wireName(),
              d == null ? "-" : DurationText.format(d),
              t.figures().events(),
              Units.count(t.figures().inputTokens())
                  + " / "
                  + Units.count(t.figures().outputTokens()),
              t.figures().files(),
              t.figures().commands(),
              detail));
    }
    return lines;
  }

  public static String clock(Instant time) {
    return CLOCK.format(time);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
