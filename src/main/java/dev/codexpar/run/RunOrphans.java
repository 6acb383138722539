package dev.codexpar.run;

import dev.codexpar.model.Orphan;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.process.Orphans;
import dev.codexpar.process.ProcessTree;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The live codex processes of a run's interrupted tasks: left behind when the codex-par process
 * that owned the run was killed without a chance to stop them. Found from the run's files alone, so
 * {@code status} and {@code clean} need no registry.
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
      List<Uni<Void>> kills =
          orphans.values().stream()
              .map(handle -> tree.kill(handle, RunOptions.DEFAULT_KILL_GRACE))
              .toList();
      Uni.join().all(kills).andCollectFailures().await().atMost(Duration.ofSeconds(30));
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
