package dev.codexpar.usecase;

import dev.codexpar.codex.CodexCapabilities;
import dev.codexpar.model.Orphan;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.plan.Plan;
import dev.codexpar.plan.PlanException;
import dev.codexpar.plan.PlanLoader;
import dev.codexpar.plan.Problem;
import dev.codexpar.plan.TransportCheck;
import dev.codexpar.run.Run;
import dev.codexpar.run.RunClosedException;
import dev.codexpar.run.RunOptions;
import dev.codexpar.run.RunOrphans;
import dev.codexpar.run.RunRegistry;
import dev.codexpar.store.RunFolder;
import dev.codexpar.usecase.RunDirectory.Found;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The use cases of both doors, over one {@link RunRegistry}: start and resume (with their
 * refusals), dispatch and seal. Reading and watching runs is {@link RunReads}; cancelling and facts
 * are {@link RunControl}. A door parses its arguments, calls one method and renders the result.
 */
public final class Runs {
  private final RunRegistry registry;
  private final Optional<RunDirectory> directory;
  private final PlanLoader loader = new PlanLoader();

  /** Where relative paths of a live run's dispatches resolve (that of its tasks). */
  private final Map<String, Path> baseDirs = new ConcurrentHashMap<>();

  /**
   * @param directory the root that finds runs by id (the MCP server's); empty for a command that
   *     runs in one folder
   */
  public Runs(RunRegistry registry, Optional<RunDirectory> directory) {
    this.registry = registry;
    this.directory = directory;
  }

  /** The tasks of a new run, validated; {@code baseDir} is where their relative paths resolve. */
  public record Tasks(Plan plan, Path baseDir) {}

  /**
   * A new run.
   *
   * @param dir its folder; empty: {@code <root>/runs/<run id>}
   * @param killOrphans stop the codex processes the folder's earlier run left running (else such a
   *     folder is refused)
   */
  public record StartRequest(
      Tasks tasks,
      Optional<Path> dir,
      RunOptions options,
      CodexCapabilities caps,
      boolean killOrphans) {}

  /**
   * A run again in the folder of an earlier one that is over, keeping its done tasks.
   *
   * @param tasks the tasks to run; empty: those the earlier run recorded
   * @param rerun tasks to run again even if done (and everything downstream of them)
   */
  public record ResumeRequest(
      Found earlier,
      Optional<Tasks> tasks,
      Set<String> rerun,
      RunOptions options,
      CodexCapabilities caps,
      boolean killOrphans) {}

  /**
   * A run whose folder is owned and laid out, not started yet: a door says what it will do (the
   * earlier run moved aside, orphans stopped) before any task's first change.
   */
  public final class Prepared implements AutoCloseable {
    private final RunRegistry.Prepared prepared;
    private final Plan plan;
    private final Path baseDir;
    private final Optional<RunSnapshot> earlier;
    private final List<Orphan> stoppedOrphans;
    private final Optional<String> resumedFrom;

    private Prepared(
        RunRegistry.Prepared prepared,
        Tasks tasks,
        Optional<RunSnapshot> earlier,
        List<Orphan> stoppedOrphans,
        Optional<String> resumedFrom) {
      this.prepared = prepared;
      this.plan = tasks.plan();
      this.baseDir = tasks.baseDir();
      this.earlier = earlier;
      this.stoppedOrphans = stoppedOrphans;
      this.resumedFrom = resumedFrom;
    }

    public String runId() {
      return prepared.id();
    }

    public Path dir() {
      return prepared.dir();
    }

    public Plan plan() {
      return plan;
    }

    /** The folder's earlier run, now moved to {@link #archivedTo()}. */
    public Optional<RunSnapshot> earlier() {
      return earlier.filter(e -> prepared.archivedTo().isPresent());
    }

    public Optional<Path> archivedTo() {
      return prepared.archivedTo();
    }

    /** At most this many tasks at once: on app-server hosts, their slots together. */
    public int maxParallel() {
      return prepared.maxParallel();
    }

    /** What the user should know before the run starts (e.g. changes its worktrees leave out). */
    public List<String> notes() {
      return prepared.notes();
    }

    public List<Orphan> stoppedOrphans() {
      return stoppedOrphans;
    }

    /** The id of the run this one resumes. */
    public Optional<String> resumedFrom() {
      return resumedFrom;
    }

    /** Starts the run; {@code onTransition} hears of every task's change of status. */
    public Run start(Consumer<TaskSnapshot> onTransition) {
      Run run = prepared.start(onTransition);
      baseDirs.put(run.id(), baseDir);
      run.completion().subscribe().with(done -> baseDirs.remove(run.id()), e -> {});
      if (directory.isPresent() && !directory.get().runsDir().resolve(run.id()).equals(run.dir())) {
        directory.get().link(run.id(), run.dir());
      }
      return run;
    }

    @Override
    public void close() {
      prepared.close();
    }
  }

  /** Validates the tasks of YAML text; a dynamic run may have none yet. */
  public Tasks parse(
      String yaml, Path baseDir, String source, CodexCapabilities caps, boolean dynamic) {
    return new Tasks(
        dynamic
            ? loader.parseDynamic(yaml, baseDir, source, caps)
            : loader.parse(yaml, baseDir, source, caps),
        baseDir);
  }

  /** Prepares a new run (see {@link Prepared}); the door starts it. */
  public Prepared prepare(StartRequest request) {
    TransportCheck.check(
        request.options().transport(),
        !request.options().hosts().isEmpty(),
        request.tasks().plan().tasks(),
        request.caps(),
        "tasks");
    Optional<Path> ownDir = request.dir();
    Optional<RunSnapshot> earlier = ownDir.flatMap(dir -> earlierRun(new RunFolder(dir)));
    List<Orphan> stopped = earlier.map(e -> orphans(e, request.killOrphans())).orElse(List.of());
    RunRegistry.Prepared prepared =
        owning(
            () ->
                registry.prepare(
                    request.tasks().plan(),
                    id -> ownDir.orElseGet(() -> runsDir().resolve(id)),
                    Optional.empty(),
                    request.options(),
                    request.caps()));
    return new Prepared(prepared, request.tasks(), earlier, stopped, Optional.empty());
  }

  /** Prepares the resume of an earlier run in its folder (see {@link Prepared}). */
  public Prepared prepare(ResumeRequest request) {
    Found found = request.earlier();
    if (found.supersededBy().isPresent()) {
      throw new Refusal(
          Refusal.Kind.RUN_FINISHED,
          "run "
              + found.runId()
              + " was resumed or replaced by run "
              + found.supersededBy().get()
              + " in its folder; resume that one instead");
    }
    RunSnapshot earlier = found.snapshot();
    if (earlier.live()) {
      throw new Refusal(
          Refusal.Kind.RUN_LIVE,
          "run "
              + earlier.runId()
              + " is still "
              + earlier.status().wireName()
              + ": wait until it is over or cancel it, then resume it");
    }
    List<Orphan> stopped = orphans(earlier, request.killOrphans());
    Tasks tasks = request.tasks().orElseGet(() -> recordedTasks(found, earlier));
    TransportCheck.check(
        request.options().transport(),
        !request.options().hosts().isEmpty(),
        tasks.plan().tasks(),
        request.caps(),
        "tasks");
    RunRegistry.Prepared prepared =
        owning(
            () ->
                registry.prepare(
                    tasks.plan(),
                    id -> found.folder().root(),
                    Optional.of(request.rerun()),
                    request.options(),
                    request.caps()));
    return new Prepared(
        prepared, tasks, Optional.of(earlier), stopped, Optional.of(earlier.runId()));
  }

  private Path runsDir() {
    return directory
        .orElseThrow(() -> new IllegalStateException("a run without a folder needs a root"))
        .runsDir();
  }

  /** The folder's earlier run, unless it is live (then the folder is refused as busy). */
  private static Optional<RunSnapshot> earlierRun(RunFolder folder) {
    return folder.isLive() ? Optional.empty() : folder.read();
  }

  /**
   * The codex processes an earlier run left running would write into the new run's files: stopped
   * when asked, else the run is refused.
   */
  private static List<Orphan> orphans(RunSnapshot earlier, boolean kill) {
    if (kill) {
      return RunOrphans.kill(earlier);
    }
    List<Orphan> orphans = RunOrphans.of(earlier);
    if (!orphans.isEmpty()) {
      throw new Refusal(
          Refusal.Kind.RUN_LIVE,
          "the earlier run "
              + earlier.runId()
              + " in "
              + earlier.dir()
              + " left codex running ("
              + describe(orphans)
              + "), which would write into this run's files",
          List.of(),
          Refusal.Remedy.STOP_ORPHANS);
    }
    return List.of();
  }

  static String describe(List<Orphan> orphans) {
    return orphans.stream()
        .map(o -> "task " + o.task() + ": pid " + o.pid())
        .collect(Collectors.joining(", "));
  }

  /** The engine's refusals of a folder, as kinds. */
  private static RunRegistry.Prepared owning(java.util.function.Supplier<RunRegistry.Prepared> s) {
    try {
      return s.get();
    } catch (RunRegistry.FolderBusyException e) {
      throw new Refusal(Refusal.Kind.FOLDER_BUSY, e.getMessage());
    } catch (RunRegistry.UnknownRerunException e) {
      throw new Refusal(Refusal.Kind.TASK_NOT_FOUND, e.getMessage());
    } catch (RunFolder.ForeignFilesException e) {
      throw new Refusal(Refusal.Kind.FOREIGN_FILES, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw Refusal.invalid(e.getMessage());
    }
  }

  /** The tasks an earlier run recorded in its folder, as they were validated then. */
  static Tasks recordedTasks(Found found, RunSnapshot earlier) {
    List<TaskSpec> specs = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (TaskSnapshot task : earlier.tasks()) {
      found
          .folder()
          .readSpec(task.name())
          .ifPresentOrElse(specs::add, () -> missing.add(task.name()));
    }
    if (!missing.isEmpty() || specs.isEmpty()) {
      throw new Refusal(
          Refusal.Kind.TASKS_UNKNOWN,
          "run "
              + earlier.runId()
              + " did not record its tasks"
              + (missing.isEmpty() ? "" : " " + missing)
              + "; give them anew");
    }
    // Recorded specs hold absolute paths: nothing is left to resolve.
    return new Tasks(Plan.of(specs), found.folder().root());
  }

  /**
   * Tasks a dispatch added, as the run holds them now, and what the user should know (uncommitted
   * changes in a repository the run had not looked at, which its worktrees will not have).
   */
  public record Dispatched(List<TaskSnapshot> tasks, List<String> notes) {}

  /** Adds tasks (a {@code tasks:} list) to a live dynamic run, all or none. */
  public Dispatched dispatch(Found found, String tasksYaml, CodexCapabilities caps) {
    Run run = found.changeable();
    RunSnapshot before = run.snapshot();
    if (!before.dynamic()) {
      throw new Refusal(
          Refusal.Kind.NOT_DYNAMIC,
          "run " + found.runId() + " is not dynamic (start it as dynamic to dispatch tasks)");
    }
    if (before.sealed()) {
      throw new Refusal(
          Refusal.Kind.RUN_SEALED, "run " + found.runId() + " is sealed: it takes no more tasks");
    }
    Path baseDir = baseDirs.getOrDefault(run.id(), run.dir());
    List<TaskSpec> specs = parseDispatch(tasksYaml, baseDir, caps, run);
    List<String> notes = run.checkWorktrees(specs);
    try {
      run.dispatch(specs);
    } catch (RunClosedException e) {
      throw closed(e);
    } catch (IllegalArgumentException e) {
      // A concurrent dispatch took a name or the batch's dependency meanwhile: checked again
      // against the run as it is now, the problems say which.
      parseDispatch(tasksYaml, baseDir, caps, run);
      throw e;
    }
    RunSnapshot after = run.snapshot();
    return new Dispatched(
        specs.stream().map(s -> after.task(s.name()).orElseThrow()).toList(), notes);
  }

  private List<TaskSpec> parseDispatch(
      String tasksYaml, Path baseDir, CodexCapabilities caps, Run run) {
    try {
      List<TaskSpec> specs =
          loader.parseDispatch(tasksYaml, baseDir, "yaml", caps, Set.copyOf(run.taskNames()));
      RunOptions options = run.options();
      TransportCheck.check(options.transport(), !options.hosts().isEmpty(), specs, caps, "yaml");
      return specs;
    } catch (PlanException e) {
      throw new Refusal(dispatchKind(e.problems()), e.getMessage(), e.problems());
    }
  }

  /** A kind a dispatching client can act on when every problem is of that kind. */
  private static Refusal.Kind dispatchKind(List<Problem> problems) {
    if (all(problems, p -> p.kind() == Problem.Kind.NAME_TAKEN)) {
      return Refusal.Kind.DUPLICATE_TASK;
    }
    if (all(problems, p -> p.kind() == Problem.Kind.UNKNOWN_DEPENDENCY)) {
      return Refusal.Kind.UNKNOWN_DEPENDENCY;
    }
    return Refusal.Kind.VALIDATION_FAILED;
  }

  private static boolean all(List<Problem> problems, Predicate<Problem> kind) {
    return !problems.isEmpty() && problems.stream().allMatch(kind);
  }

  static Refusal closed(RunClosedException e) {
    Refusal.Kind kind =
        switch (e.reason()) {
          case SEALED -> Refusal.Kind.RUN_SEALED;
          case STOPPED -> Refusal.Kind.RUN_STOPPED;
          case NOT_DYNAMIC -> Refusal.Kind.NOT_DYNAMIC;
        };
    return new Refusal(kind, e.getMessage());
  }

  /** Closes a dynamic run to new tasks; it ends once every task is final. */
  public RunSnapshot seal(Found found) {
    Run run = found.changeable();
    if (!run.snapshot().dynamic()) {
      throw new Refusal(
          Refusal.Kind.NOT_DYNAMIC, "run " + found.runId() + " is not dynamic: nothing to seal");
    }
    return run.seal();
  }
}
