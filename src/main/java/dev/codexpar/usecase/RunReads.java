package dev.codexpar.usecase;

import dev.codexpar.model.Orphan;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.run.Run;
import dev.codexpar.run.RunOrphans;
import dev.codexpar.store.Chunk;
import dev.codexpar.store.Facts;
import dev.codexpar.usecase.RunDirectory.Found;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Reading runs, the same for both doors: status (waiting for a change), task files, facts. */
public final class RunReads {
  /** The longest a status may wait for a change. */
  public static final int MAX_WAIT_S = 30;

  /** A waiter checks this often whether the server is closing. */
  private static final long WAIT_SLICE_MS = 250;

  private final BooleanSupplier closing;

  /**
   * @param closing true once waits must end at once (the server is stopping)
   */
  private final ChangeSignals signals = new ChangeSignals();

  public RunReads(BooleanSupplier closing) {
    this.closing = closing;
  }

  /**
   * A run's state and the codex processes it left running (only a run no process owns can have
   * them: its owner died without stopping them).
   *
   * @param changed the tasks that changed after the version the caller saw; empty when not known
   *     (no version given, or a run read from its files, which keep no versions): every task then
   */
  public record Status(RunSnapshot run, List<Orphan> orphans, Optional<Set<String>> changed) {
    /** The run's tasks a caller that saw {@code since} has not seen. */
    public List<TaskSnapshot> tasksChanged() {
      return changed
          .map(names -> run.tasks().stream().filter(t -> names.contains(t.name())).toList())
          .orElse(run.tasks());
    }
  }

  /**
   * The run now, or once it changed, holding no thread while it waits: completes once the run's
   * version is past {@code sinceVersion} (default: the current one), the run is over, the server
   * closes or {@code waitS} seconds passed. Reading a run on disk (not live) happens on the
   * caller's thread.
   */
  public Uni<Status> statusLater(Found found, int waitS, Long sinceVersion) {
    checkWait(waitS);
    if (found.live().isEmpty() || waitS == 0) {
      return Uni.createFrom().item(() -> statusOf(found, found.snapshot(), sinceVersion));
    }
    Run run = found.live().get();
    long seen = sinceVersion != null ? sinceVersion : run.snapshot().version();
    long deadline = System.nanoTime() + Duration.ofSeconds(waitS).toNanos();
    return awaitPast(run, seen, deadline).map(snapshot -> statusOf(found, snapshot, sinceVersion));
  }

  /** The run as read, with its orphans and the tasks changed since the caller's version. */
  private static Status statusOf(Found found, RunSnapshot snapshot, Long sinceVersion) {
    Optional<Set<String>> changed =
        sinceVersion == null
            ? Optional.empty()
            : found.live().map(r -> r.changedSince(sinceVersion));
    return new Status(snapshot, snapshot.live() ? List.of() : RunOrphans.of(snapshot), changed);
  }

  /**
   * Re-checks at each change and at least every slice (the server closing, a run that ends after
   * its last change), on a timer, never blocking.
   */
  private Uni<RunSnapshot> awaitPast(Run run, long seen, long deadline) {
    // Taken before the check, so no change is missed; each waiter waits on a copy, since a timeout
    // cancels what it waits on and the future is shared.
    CompletableFuture<Void> change = signals.next(run);
    RunSnapshot now = run.snapshot();
    long left = deadline - System.nanoTime();
    if (now.version() > seen || !now.live() || closing.getAsBoolean() || left <= 0) {
      return Uni.createFrom().item(now);
    }
    Duration slice = Duration.ofNanos(Math.min(left, Duration.ofMillis(WAIT_SLICE_MS).toNanos()));
    Uni<Void> wake =
        change.isDone()
            ? Uni.createFrom().voidItem().onItem().delayIt().by(slice)
            : Uni.createFrom()
                .completionStage(change.copy())
                .ifNoItem()
                .after(slice)
                .recoverWithItem((Void) null);
    return wake.emitOn(Infrastructure.getDefaultWorkerPool())
        .onItem()
        .transformToUni(ignored -> awaitPast(run, seen, deadline));
  }

  /**
   * Follows a live run for up to {@code waitS} seconds, or until it is over, telling {@code
   * onTasksEnded} where it stands at the start and each time more of its tasks are final (with the
   * run as it is then).
   */
  public Status follow(Found found, int waitS, Consumer<RunSnapshot> onTasksEnded)
      throws InterruptedException {
    checkWait(waitS);
    RunSnapshot snapshot = found.snapshot();
    if (found.live().isPresent()) {
      Run run = found.live().get();
      long deadline = System.nanoTime() + Duration.ofSeconds(waitS).toNanos();
      long ended = finalCount(snapshot);
      onTasksEnded.accept(snapshot); // where the run stands as the wait begins
      while (snapshot.live() && !closing.getAsBoolean()) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          break;
        }
        snapshot = run.awaitChange(snapshot.version(), Math.min(left, WAIT_SLICE_MS));
        if (finalCount(snapshot) > ended) {
          ended = finalCount(snapshot);
          onTasksEnded.accept(snapshot);
        }
      }
    }
    return new Status(
        snapshot, snapshot.live() ? List.of() : RunOrphans.of(snapshot), Optional.empty());
  }

  private static long finalCount(RunSnapshot run) {
    return run.tasks().stream().filter(t -> t.status().isFinal()).count();
  }

  /** A wait of 0 to {@link #MAX_WAIT_S} seconds. */
  public static int checkWait(int waitS) {
    if (waitS < 0 || waitS > MAX_WAIT_S) {
      throw Refusal.invalid("wait_s must be between 0 and " + MAX_WAIT_S + ", got " + waitS);
    }
    return waitS;
  }

  /** Which of a task's files to read. */
  public enum TaskFile {
    OUTPUT,
    STDERR
  }

  /** A chunk of a task's file; {@code eof} only when the task is final and everything was read. */
  public record Read(TaskSnapshot task, Chunk chunk, boolean eof) {}

  public Read read(Found found, String task, TaskFile which, Long offset, Integer maxBytes)
      throws IOException {
    long from = offset == null ? 0 : offset;
    int max = maxBytes == null ? Chunk.DEFAULT_MAX_BYTES : maxBytes;
    if (from < 0) {
      throw Refusal.invalid("offset must be 0 or more, got " + from);
    }
    if (max < 1) {
      throw Refusal.invalid("max_bytes must be at least 1, got " + max);
    }
    // Status first: if the task was final then, the file was complete before this read.
    TaskSnapshot snapshot = task(found.snapshot(), task);
    Path file =
        which == TaskFile.OUTPUT ? found.folder().output(task) : found.folder().stderrLog(task);
    Chunk chunk = Chunk.read(file, from, max);
    return new Read(snapshot, chunk, snapshot.status().isFinal() && chunk.atEnd());
  }

  /** Every shared fact of the run, ordered by key. */
  public Map<String, Facts.Fact> facts(Found found) {
    return found
        .live()
        .map(r -> r.facts().all())
        .orElseGet(() -> new TreeMap<>(new Facts(found.folder().facts()).all()));
  }

  /** The run's task of that name, or a refusal naming the tasks it has. */
  public static TaskSnapshot task(RunSnapshot run, String name) {
    if (name == null || name.isBlank()) {
      throw Refusal.invalid("task is required");
    }
    return run.task(name)
        .orElseThrow(
            () ->
                new Refusal(
                    Refusal.Kind.TASK_NOT_FOUND,
                    "run "
                        + run.runId()
                        + " has no task '"
                        + name
                        + "'; it has "
                        + run.tasks().stream().map(TaskSnapshot::name).toList()));
  }
}
