package dev.codexpar.run;

import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.store.RunFolder;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Keeps the task meta files current without putting file writes on the event hot path: progress
 * marks a task dirty and is written at most every {@link #PROGRESS_DELAY_MS}; status transitions
 * are written at once. Every write runs on one writer thread and snapshots the task when it writes,
 * so a later write never carries older state.
 */
final class MetaWriter {
  static final long PROGRESS_DELAY_MS = 250;

  private static final System.Logger LOG = System.getLogger(MetaWriter.class.getName());

  private final ScheduledExecutorService writer;
  private final Function<String, TaskSnapshot> snapshots;
  private final RunFolder folder;
  private final String runId;
  private final Set<String> dirty = ConcurrentHashMap.newKeySet();

  /** Files whose last write failed: reported once, not at every retry of a full disk. */
  private final Set<String> failing = ConcurrentHashMap.newKeySet();

  private final AtomicBoolean flushScheduled = new AtomicBoolean();

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

  /**
   * Records added tasks (their specs, then their metas) on the writer thread: written before the
   * first start, 200 specs held it back by about 0.17 s.
   */
  void tasksAdded(List<TaskSpec> specs) {
    writer.execute(
        () ->
            specs.forEach(
                spec -> write("spec of task " + spec.name(), () -> folder.writeSpec(spec))));
    specs.forEach(spec -> taskChanged(spec.name(), true));
  }

  void taskChanged(String task, boolean urgent) {
    dirty.add(task);
    if (urgent) {
      writer.execute(this::flushDirty);
    } else if (flushScheduled.compareAndSet(false, true)) {
      writer.schedule(
          () -> {
            flushScheduled.set(false);
            flushDirty();
          },
          PROGRESS_DELAY_MS,
          TimeUnit.MILLISECONDS);
    }
  }

  /** Writes the given tasks' metas now and waits until they are on disk. */
  void flushAll(List<String> tasks) {
    dirty.addAll(tasks);
    try {
      writer.submit(this::flushDirty).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot write task metas", e.getCause());
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
        LOG.log(System.Logger.Level.WARNING, "cannot write the " + what + ": " + e.getCause());
      }
    }
  }
}
