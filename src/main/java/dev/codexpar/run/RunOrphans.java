package dev.codexpar.run;

import dev.codexpar.model.Orphan;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.process.Orphans;
import dev.codexpar.process.ProcessTree;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The live codex processes of a run's interrupted tasks: left behind when the codex-par process
 * that owned the run was killed without a chance to stop them. Needs no live registry (only the
 * run's files, and neither Quarkus nor Mutiny), so the folder commands use it without starting the
 * engine.
 */
public final class RunOrphans {
  private RunOrphans() {}

  /** The orphans of the run, checked by pid and start time (a reused pid is no orphan). */
  public static List<Orphan> of(RunSnapshot run) {
    return List.copyOf(live(run).keySet());
  }

  /** Stops each orphan's whole process tree and returns the ones it stopped. */
  public static List<Orphan> kill(RunSnapshot run) {
    Map<Orphan, ProcessHandle> orphans = live(run);
    if (orphans.isEmpty()) {
      return List.of();
    }
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "orphan-kill");
              t.setDaemon(true);
              return t;
            });
    try {
      ProcessTree tree = new ProcessTree(timer);
      CompletableFuture.allOf(
              orphans.values().stream()
                  .map(handle -> tree.terminate(handle, RunOptions.DEFAULT_KILL_GRACE))
                  .toArray(CompletableFuture[]::new))
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not stop the orphans of run " + run.runId(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping orphans", e);
    } finally {
      timer.shutdownNow();
    }
    return List.copyOf(orphans.keySet());
  }

  private static Map<Orphan, ProcessHandle> live(RunSnapshot run) {
    Map<Orphan, ProcessHandle> orphans = new LinkedHashMap<>();
    for (TaskSnapshot t : run.tasks()) {
      if (t.status() == TaskStatus.INTERRUPTED) {
        Orphans.find(t.pid(), t.pidStartedAt())
            .ifPresent(handle -> orphans.put(new Orphan(t.name(), handle.pid()), handle));
      }
    }
    return orphans;
  }
}
