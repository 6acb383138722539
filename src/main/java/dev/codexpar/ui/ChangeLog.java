package dev.codexpar.ui;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.SafeText;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.plan.DurationText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The plain log: one line per task state change, no escape codes. What {@code run} prints when
 * stdout is no terminal, and what {@code status -w} prints then.
 */
public final class ChangeLog {
  private final TimeOfDay clock;

  public ChangeLog(TimeOfDay clock) {
    this.clock = clock;
  }

  /** The line for a task that just reached its current status. */
  public String line(TaskSnapshot t, Instant now) {
    String text =
        switch (t.status()) {
          case RUNNING ->
              String.format(
                  "start     %s (wave %d, %s)",
                  t.name(),
                  t.wave(),
                  t.pid() == null && t.host() != null ? "on " + t.host() : "pid " + t.pid());
          case DONE ->
              String.format(
                  "done      %s in %s, %s in / %s out tokens, %d cmds, %d files",
                  t.name(),
                  DurationText.format(t.duration(now)),
                  Units.count(t.figures().inputTokens()),
                  Units.count(t.figures().outputTokens()),
                  t.figures().commands(),
                  t.figures().files());
          default -> String.format("%-9s %s: %s", t.status().wireName(), t.name(), t.error());
        };
    return clock.format(now) + "  " + SafeText.printable(text);
  }

  /**
   * Lines for the tasks whose status changed between two snapshots (new tasks count as changed).
   */
  public List<String> changes(RunSnapshot before, RunSnapshot after, Instant now) {
    List<String> lines = new ArrayList<>();
    for (TaskSnapshot t : after.tasks()) {
      TaskSnapshot old = before == null ? null : before.task(t.name()).orElse(null);
      boolean changed =
          old == null
              ? t.status() != TaskStatus.PENDING
              : old.status() != t.status() || !Objects.equals(old.error(), t.error());
      if (changed) {
        lines.add(line(t, now));
      }
    }
    return lines;
  }
}
