package dev.codexpar.usecase;

import dev.codexpar.model.Orphan;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.run.Run;
import dev.codexpar.run.RunOrphans;
import dev.codexpar.run.SteerException;
import dev.codexpar.run.SteerInbox;
import dev.codexpar.store.Facts;
import dev.codexpar.usecase.RunDirectory.Found;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Changing a run from outside: cancel (a live run, or the orphans of a dead owner's), facts. */
public final class RunControl {
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
        System.getLogger(RunControl.class.getName())
            .log(
                System.Logger.Level.WARNING,
                "run " + run.id() + ": cancelled tasks still ending after " + CANCEL_WAIT);
      }
    }
    return new Cancelled(cancelled, run.snapshot(), false, List.of());
  }

  /** How long a steer waits for the app-server (or another process's owner) to take it. */
  private static final Duration STEER_WAIT = Duration.ofSeconds(10);

  /**
   * Sends {@code message} into the running turn of {@code task}. A run live in this process is
   * steered directly; a run owned by another process through its folder's inbox ({@link
   * SteerInbox}), whose owner answers within {@link #STEER_WAIT}.
   */
  public void steer(Found found, String task, String message) throws InterruptedException {
    if (message == null || message.isBlank()) {
      throw Refusal.invalid("the steer message is empty");
    }
    RunReads.task(found.snapshot(), task);
    if (found.live().isPresent()) {
      try {
        found.live().get().steer(task, message).get(STEER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (SteerException e) {
        throw refused(e.reason(), e.getMessage());
      } catch (ExecutionException e) {
        throw new Refusal(Refusal.Kind.TASK_NOT_RUNNING, e.getCause().getMessage());
      } catch (TimeoutException e) {
        throw new Refusal(
            Refusal.Kind.TASK_NOT_RUNNING,
            "task '" + task + "': the app-server did not take the steer within " + STEER_WAIT);
      }
      return;
    }
    if (!found.folder().isLive()) {
      throw new Refusal(
          Refusal.Kind.TASK_NOT_RUNNING, "run " + found.runId() + " is over: nothing to steer");
    }
    String id = SteerInbox.post(found.folder().root(), task, message);
    long deadline = System.nanoTime() + STEER_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<SteerInbox.Reply> reply = SteerInbox.reply(found.folder().root(), id);
      if (reply.isPresent()) {
        if (reply.get().error() != null) {
          throw refused(reply.get().refused(), reply.get().error());
        }
        return;
      }
      Thread.sleep(INBOX_POLL_MS);
    }
    throw new Refusal(
        Refusal.Kind.TASK_NOT_RUNNING,
        "the owner of run "
            + found.runId()
            + " did not take the steer within "
            + STEER_WAIT
            + "; is it still running?");
  }

  /** How often a poster looks for the owner's reply. */
  private static final long INBOX_POLL_MS = 50;

  private static Refusal refused(SteerException.Reason reason, String message) {
    return new Refusal(
        switch (reason) {
          case NO_SUCH_TASK -> Refusal.Kind.TASK_NOT_FOUND;
          case NOT_RUNNING -> Refusal.Kind.TASK_NOT_RUNNING;
          case NOT_STEERABLE -> Refusal.Kind.NOT_STEERABLE;
        },
        message);
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
