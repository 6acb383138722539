package dev.codexpar.run;

import dev.codexpar.codex.CodexCapabilities;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.plan.Dag;
import dev.codexpar.plan.Plan;
import dev.codexpar.process.ProcessTree;
import dev.codexpar.store.RunFolder;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Owns every live run of this process and the threads they share. The one engine behind CLI and
 * MCP.
 */
@ApplicationScoped
public class RunRegistry implements AutoCloseable {
  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
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

  /** Thrown when a resume is told to rerun tasks that the plan does not have. */
  public static class UnknownRerunException extends IllegalArgumentException {
    public UnknownRerunException(List<String> unknown, List<String> tasks) {
      super("rerun names " + unknown + ", which are not tasks of the run; it has " + tasks);
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
    return launch(plan, id -> dir, Optional.empty(), options, caps, onTransition);
  }

  /** As above, with the folder chosen from the new run's id (e.g. {@code <root>/runs/<id>}). */
  public Run start(
      Plan plan,
      Function<String, Path> dirForRunId,
      RunOptions options,
      CodexCapabilities caps,
      Consumer<TaskSnapshot> onTransition) {
    return launch(plan, dirForRunId, Optional.empty(), options, caps, onTransition);
  }

  /**
   * Runs the plan again in a folder holding an earlier run, keeping what was done: tasks done then
   * (with their output) are carried over as done, unless named in {@code rerun} or downstream of
   * one; every other task runs.
   *
   * @throws IllegalArgumentException when the folder holds no earlier run, or {@code rerun} names a
   *     task the plan lacks
   */
  public Run resume(
      Plan plan,
      Path dir,
      Set<String> rerun,
      RunOptions options,
      CodexCapabilities caps,
      Consumer<TaskSnapshot> onTransition) {
    return launch(plan, id -> dir, Optional.of(new Resume(rerun)), options, caps, onTransition);
  }

  private record Resume(Set<String> rerun) {}

  private Run launch(
      Plan plan,
      Function<String, Path> dirForRunId,
      Optional<Resume> resume,
      RunOptions options,
      CodexCapabilities caps,
      Consumer<TaskSnapshot> onTransition) {
    String id = newRunId();
    RunFolder folder = new RunFolder(dirForRunId.apply(id));
    RunFolder.Ownership ownership =
        folder.tryOwn().orElseThrow(() -> new FolderBusyException(folder.root()));
    Map<String, TaskSnapshot> carried;
    try {
      carried = resume.isPresent() ? carriedOver(plan, folder, resume.get()) : Map.of();
      Optional<Path> archive = folder.archivePrevious();
      folder.createLayout();
      archive.ifPresent(a -> carried.keySet().forEach(name -> folder.carryOver(a, name)));
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
    run.add(plan.tasks(), plan.waves(), carried);
    return run;
  }

  /** The earlier run's done tasks that stay done: in the plan, with an output, not re-run. */
  private static Map<String, TaskSnapshot> carriedOver(Plan plan, RunFolder folder, Resume resume) {
    RunSnapshot earlier =
        folder
            .read()
            .orElseThrow(
                () -> new IllegalArgumentException("no earlier run to resume in " + folder.root()));
    List<String> tasks = plan.tasks().stream().map(TaskSpec::name).toList();
    List<String> unknown = resume.rerun().stream().filter(n -> !tasks.contains(n)).toList();
    if (!unknown.isEmpty()) {
      throw new UnknownRerunException(unknown, tasks);
    }
    Set<String> names = Set.copyOf(tasks);
    Set<String> again = Dag.downstream(plan.dependencies(), resume.rerun());
    Map<String, TaskSnapshot> carried = new LinkedHashMap<>();
    for (TaskSnapshot t : earlier.tasks()) {
      if (t.status() == TaskStatus.DONE
          && names.contains(t.name())
          && !again.contains(t.name())
          && Files.isRegularFile(folder.output(t.name()))) {
        carried.put(t.name(), t);
      }
    }
    // A task stays done only if everything it read stayed done too.
    for (TaskSpec task : plan.tasksInDependencyOrder()) {
      if (carried.containsKey(task.name())
          && !task.dependsOn().stream().allMatch(carried::containsKey)) {
        carried.remove(task.name());
      }
    }
    return carried;
  }

  public Optional<Run> get(String runId) {
    return Optional.ofNullable(runs.get(runId));
  }

  public Collection<Run> all() {
    return List.copyOf(runs.values());
  }

  /** Cancels every live run and waits (bounded) until their children are gone and files final. */
  public void cancelAll(String reason, Duration max) {
    List<Uni<RunSnapshot>> pending = runs.values().stream().map(r -> r.cancel(reason)).toList();
    if (pending.isEmpty()) {
      return;
    }
    Uni.join().all(pending).andCollectFailures().await().atMost(max);
  }

  /** Cancels what still runs, then stops the shared threads: on shutdown, or a command's end. */
  @PreDestroy
  @Override
  public void close() {
    cancelAll("codex-par is shutting down", Duration.ofSeconds(5));
    pumps.shutdownNow();
    timer.shutdownNow();
    fileWriter.shutdown();
  }

  private String newRunId() {
    String time = ZonedDateTime.now(ZoneOffset.UTC).format(ID_TIME);
    return time
        + "-"
        + Integer.toHexString(0x10000 + ThreadLocalRandom.current().nextInt(0x10000)).substring(1);
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
