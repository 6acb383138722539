package dev.codexpar.run;

import dev.codexpar.codex.CodexCapabilities;
import dev.codexpar.model.Orphan;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.plan.Plan;
import dev.codexpar.process.Orphans;
import dev.codexpar.process.ProcessTree;
import dev.codexpar.store.RunFolder;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Owns every live run of this process and the threads they share. The one engine behind CLI and
 * MCP.
 */
@ApplicationScoped
public class RunRegistry {
  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private final ExecutorService pumps = Executors.newCachedThreadPool(daemon("codex-io"));
  private final ScheduledExecutorService timer =
      Executors.newScheduledThreadPool(1, daemon("codex-timer"));
  private final ScheduledExecutorService fileWriter =
      Executors.newSingleThreadScheduledExecutor(daemon("meta-writer"));
  private final TaskLauncher launcher = new TaskLauncher(pumps);
  private final ProcessTree processTree = new ProcessTree(timer);

  /** Thrown when a folder already has a live run. */
  public static class FolderBusyException extends RuntimeException {
    public FolderBusyException(Path dir) {
      super(
          "a run is live in "
              + dir
              + " (owned by another codex-par process); wait for it or use another --dir");
    }
  }

  /**
   * Starts a run in the folder: refuses a folder with a live run, moves an earlier run's files
   * aside, then starts every ready task.
   */
  public Run start(
      Plan plan,
      Path dir,
      RunOptions options,
      CodexCapabilities caps,
      Consumer<TaskSnapshot> onTransition) {
    return start(plan, id -> dir, options, caps, onTransition);
  }

  /** As above, with the folder chosen from the new run's id (e.g. {@code <root>/runs/<id>}). */
  public Run start(
      Plan plan,
      Function<String, Path> dirForRunId,
      RunOptions options,
      CodexCapabilities caps,
      Consumer<TaskSnapshot> onTransition) {
    String id = newRunId();
    RunFolder folder = new RunFolder(dirForRunId.apply(id));
    RunFolder.Ownership ownership =
        folder.tryOwn().orElseThrow(() -> new FolderBusyException(folder.root()));
    try {
      folder.archivePrevious();
      folder.createLayout();
    } catch (RuntimeException e) {
      ownership.close();
      throw e;
    }
    Run run =
        new Run(
            id,
            folder,
            options,
            caps,
            launcher,
            processTree,
            timer,
            fileWriter,
            ownership,
            onTransition);
    runs.put(id, run);
    run.add(plan.tasks(), plan.waves());
    return run;
  }

  public Optional<Run> get(String runId) {
    return Optional.ofNullable(runs.get(runId));
  }

  public Collection<Run> all() {
    return List.copyOf(runs.values());
  }

  /**
   * The live codex processes of a run's interrupted tasks: left behind when the codex-par process
   * that owned the run was killed without a chance to stop them.
   */
  public List<Orphan> orphansOf(RunSnapshot run) {
    return List.copyOf(liveOrphans(run).keySet());
  }

  /** Stops each orphan's whole process tree (start time checked: a reused pid is spared). */
  public List<Orphan> killOrphans(RunSnapshot run) {
    Map<Orphan, ProcessHandle> orphans = liveOrphans(run);
    if (!orphans.isEmpty()) {
      List<Uni<Void>> kills =
          orphans.values().stream()
              .map(handle -> processTree.kill(handle, RunOptions.DEFAULT_KILL_GRACE))
              .toList();
      Uni.join().all(kills).andCollectFailures().await().atMost(Duration.ofSeconds(30));
    }
    return List.copyOf(orphans.keySet());
  }

  private static Map<Orphan, ProcessHandle> liveOrphans(RunSnapshot run) {
    Map<Orphan, ProcessHandle> orphans = new LinkedHashMap<>();
    for (TaskSnapshot t : run.tasks()) {
      if (t.status() == TaskStatus.INTERRUPTED) {
        Orphans.find(t.pid(), t.pidStartedAt())
            .ifPresent(handle -> orphans.put(new Orphan(t.name(), handle.pid()), handle));
      }
    }
    return orphans;
  }

  /** Cancels every live run and waits (bounded) until their children are gone and files final. */
  public void cancelAll(String reason, Duration max) {
    List<Uni<RunSnapshot>> pending = runs.values().stream().map(r -> r.cancel(reason)).toList();
    if (pending.isEmpty()) {
      return;
    }
    Uni.join().all(pending).andCollectFailures().await().atMost(max);
  }

  @PreDestroy
  void shutdown() {
    cancelAll("codex-par is shutting down", Duration.ofSeconds(5));
    pumps.shutdownNow();
    timer.shutdownNow();
    fileWriter.shutdown();
  }

  private String newRunId() {
    String time = ZonedDateTime.now(ZoneOffset.UTC).format(ID_TIME);
    return time + "-" + Integer.toHexString(0x10000 + random.nextInt(0x10000)).substring(1);
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
