package dev.codexpar.run;

import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.store.RunFolder;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Keeps the spec and meta files current, as a consumer of the run's changes on the one writer
 * thread (so never under the run's lock, nor on the event hot path): progress marks a task dirty
 * and is written at most every {@link #PROGRESS_DELAY_MS}; additions, transitions and the run's end
 * are written at once. Each write snapshots the task when it writes, so a later write never carries
 * older state. Every method runs on the writer thread.
 */
final class MetaWriter implements Consumer<RunChange> {
  static final long PROGRESS_DELAY_MS = 250;

  private final ScheduledExecutorService writer;
  private final Function<String, TaskSnapshot> snapshots;
  private final RunFolder folder;
  private final String runId;
  private final Set<String> dirty = new LinkedHashSet<>();

  /** Files whose last write failed: reported once, not at every retry of a full disk. */
  private final Set<String> failing = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private boolean flushScheduled;

  MetaWriter(
      ScheduledExecutorService writer,
      Function<String, TaskSnapshot> snapshots,
      RunFolder folder,
      String runId) {
    this.writer = writer;
    this.snapshots = snapshots;
    this.folder = folder;
    this.runId = runId;
  }

  @Override
  public void accept(RunChange change) {
    if (change instanceof RunChange.TasksAdded added) {
      // Specs first (a resume reads them), then the metas: off the start path, for 200 specs held
      // the first start back by about 0.17 s.
      List<TaskSpec> specs = added.specs();
      specs.forEach(spec -> write("spec of task " + spec.name(), () -> folder.writeSpec(spec)));
      specs.forEach(spec -> dirty.add(spec.name()));
      flushDirty();
    } else if (change instanceof RunChange.Transition transition) {
      dirty.add(transition.task().name());
      flushDirty();
    } else if (change instanceof RunChange.Progress progress) {
      dirty.add(progress.task());
      if (!flushScheduled) {
        flushScheduled = true;
        writer.schedule(
            () -> {
              flushScheduled = false;
              flushDirty();
            },
            PROGRESS_DELAY_MS,
            TimeUnit.MILLISECONDS);
      }
    } else if (change instanceof RunChange.Ended ended) {
      ended.last().tasks().forEach(t -> dirty.add(t.name()));
      flushDirty();
    }
  }

  private void flushDirty() {
    for (String task : List.copyOf(dirty)) {
      dirty.remove(task);
      write("meta of task " + task, () -> folder.writeTask(runId, snapshots.apply(task)));
    }
  }

  /**
   * One file: a failure (a full disk, a folder made read-only) is reported and the other files are
   * still written. The run goes on; the writer thread's executor would drop the exception unseen.
   */
  private void write(String what, Runnable write) {
    try {
      write.run();
      failing.remove(what);
    } catch (UncheckedIOException e) {
      if (failing.add(what)) {
        System.getLogger(MetaWriter.class.getName())
            .log(System.Logger.Level.WARNING, "cannot write the " + what + ": " + e.getCause());
      }
    }
  }
}
