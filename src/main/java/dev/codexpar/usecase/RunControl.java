package dev.codexpar.usecase;

import dev.codexpar.model.Orphan;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.run.Run;
import dev.codexpar.run.RunOrphans;
import dev.codexpar.store.Facts;
import dev.codexpar.usecase.RunDirectory.Found;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Changing a run from outside: cancel (a live run, or the orphans of a dead owner's), facts. */
public final class RunControl {
  private static final System.Logger LOG = System.getLogger(RunControl.class.getName());

  /** How long a cancel waits for the cancelled tasks to be final. */
  private static final Duration CANCEL_WAIT = Duration.ofSeconds(5);

  private static final int MAX_KEY_LENGTH = 128;

  /**
   * What a cancel did.
   *
   * @param cancelled the tasks it cancelled (none when the run or task was over)
   * @param after the run once they are final (or the wait ran out)
   * @param ownerGone the run's owner had died: its orphans were looked for
   * @param stoppedOrphans the codex processes that run had left running, now stopped
   */
  public record Cancelled(
      List<String> cancelled, RunSnapshot after, boolean ownerGone, List<Orphan> stoppedOrphans) {}

  /**
   * Cancels the run, or only {@code task} of it: pending tasks at once, running ones by killing
   * their process trees; waits (bounded) until they are final. A run whose owner died has its
   * orphans stopped instead (checked by pid and start time); any other run that is over is left as
   * it is.
   */
  public Cancelled cancel(Found found, String task, String reason) throws InterruptedException {
    RunSnapshot before = found.snapshot();
    if (task != null) {
      RunReads.task(before, task);
    }
    if (found.live().isEmpty() && !before.live()) {
      List<Orphan> stopped = RunOrphans.kill(task == null ? before : only(before, task));
      return new Cancelled(List.of(), before, true, stopped);
    }
    if (found.live().isEmpty()) {
      throw new Refusal(Refusal.Kind.FOLDER_BUSY, ownedElsewhere(found));
    }
    if (!before.live()) {
      return new Cancelled(List.of(), before, false, List.of());
    }
    Run run = found.live().get();
    List<String> cancelled = new ArrayList<>();
    if (task != null) {
      if (!run.cancelTask(task, reason).isFinal()) {
        cancelled.add(task);
        awaitFinal(run, task);
      }
    } else {
      before.tasks().stream()
          .filter(t -> !t.status().isFinal())
          .forEach(t -> cancelled.add(t.name()));
      try {
        run.cancel(reason).await().atMost(CANCEL_WAIT);
      } catch (io.smallrye.mutiny.TimeoutException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "run " + run.id() + ": cancelled tasks still ending after " + CANCEL_WAIT);
      }
    }
    return new Cancelled(cancelled, run.snapshot(), false, List.of());
  }

  static String ownedElsewhere(Found found) {
    String owner =
        found
            .folder()
            .readRunMeta()
            .map(m -> m.ownerPid())
            .map(pid -> " (pid " + pid + ")")
            .orElse("");
    return "run "
        + found.runId()
        + " is live in another codex-par process"
        + owner
        + "; only that process can change it";
  }

  private static RunSnapshot only(RunSnapshot run, String task) {
    return new RunSnapshot(
        run.runId(),
        run.dir(),
        run.status(),
        run.startedAt(),
        run.endedAt(),
        run.tasks().stream().filter(t -> t.name().equals(task)).toList(),
        run.dynamic(),
        run.sealed(),
        run.live(),
        run.version());
  }

  private static void awaitFinal(Run run, String task) throws InterruptedException {
    long deadline = System.nanoTime() + CANCEL_WAIT.toNanos();
    RunSnapshot snapshot = run.snapshot();
    while (!RunReads.task(snapshot, task).status().isFinal()) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return;
      }
      snapshot = run.awaitChange(snapshot.version(), left);
    }
  }

  /** Writes a shared fact of a live run; tasks started after it see it in their prompts. */
  public Facts.Written writeFact(Found found, String key, String value) {
    if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw Refusal.invalid("key must have 1 to " + MAX_KEY_LENGTH + " characters");
    }
    if (key.chars().anyMatch(Character::isISOControl)) {
      throw Refusal.invalid("key must not contain control characters");
    }
    if (value == null) {
      throw Refusal.invalid("value is required");
    }
    Run run = found.changeable();
    if (!run.snapshot().live()) {
      throw new Refusal(
          Refusal.Kind.RUN_FINISHED,
          "run " + found.runId() + " is over: no task would see the fact");
    }
    return run.facts().write(key, value);
  }
}
