package dev.codexpar.run;

import dev.codexpar.appserver.AppServerClient;
import dev.codexpar.codex.CodexCapabilities;
import dev.codexpar.git.Git;
import dev.codexpar.git.RunWorktrees;
import dev.codexpar.git.Worktrees;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.model.Transport;
import dev.codexpar.model.WorktreeInfo;
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
import java.util.ArrayList;
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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

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
  private final RunServices services =
      new RunServices(launcher, processTree, timer, pumps, fileWriter);
  private final Worktrees worktrees = new Worktrees(new Git());

  /** How long an app-server may take to answer a request (a thread's start, a steer). */
  private static final Duration APP_SERVER_REQUEST_TIMEOUT = Duration.ofSeconds(60);

  /** Thrown when a folder already has a live run. */
  public static class FolderBusyException extends RuntimeException {
    public FolderBusyException(Path dir) {
      super(
          "a run is live in "
              + dir
              + " (owned by another codex-par process); wait for it or use another folder");
    }
  }

  /** Thrown when a resume is told to rerun tasks that the plan does not have. */
  public static class UnknownRerunException extends IllegalArgumentException {
    public UnknownRerunException(List<String> unknown, List<String> tasks) {
      super("rerun names " + unknown + ", which are not tasks of the run; it has " + tasks);
    }
  }

  /** Starts a run in the folder at once (see {@link #prepare}). */
  public Run start(
      Plan plan,
      Path dir,
      RunOptions options,
      CodexCapabilities caps,
      Consumer<TaskSnapshot> onTransition) {
    return prepare(plan, id -> dir, Optional.empty(), options, caps).start(onTransition);
  }

  /**
   * The first of a run's two steps: owns the folder (refusing one with a live run), carries the
   * done tasks of the earlier run over when resuming, moves the earlier run's files aside and lays
   * the folder out; nothing runs until {@link Prepared#start}.
   *
   * @param dirForRunId the folder, chosen from the new run's id (e.g. {@code <root>/runs/<id>})
   * @param rerun present for a resume: tasks done then (with their output) stay done, unless named
   *     here or downstream of one; every other task runs
   * @throws FolderBusyException when a live run owns the folder
   * @throws UnknownRerunException when {@code rerun} names a task the plan lacks
   * @throws IllegalArgumentException when resuming a folder that holds no earlier run
   * @throws RunFolder.ForeignFilesException when the folder holds files no run wrote
   */
  public Prepared prepare(
      Plan plan,
      Function<String, Path> dirForRunId,
      Optional<Set<String>> rerun,
      RunOptions options,
      CodexCapabilities caps) {
    String id = newRunId();
    RunFolder folder = new RunFolder(dirForRunId.apply(id));
    RunFolder.Ownership ownership =
        folder.tryOwn().orElseThrow(() -> new FolderBusyException(folder.root()));
    try {
      Map<String, TaskSnapshot> carried =
          rerun.isPresent() ? carriedOver(plan, folder, rerun.get()) : new LinkedHashMap<>();
      RunWorktrees runWorktrees = new RunWorktrees(worktrees, id, folder.root());
      List<String> notes = new ArrayList<>(runWorktrees.checkTasks(plan.tasks()));
      Optional<Path> archive = folder.archivePrevious();
      archive.ifPresent(a -> archiveWorktrees(folder.root(), a, carried));
      folder.createLayout();
      archive.ifPresent(a -> carried.keySet().forEach(name -> folder.carryOver(a, name)));
      TaskStarter starter = starter(options, caps);
      if (starter instanceof HostsStarter hosts) {
        hosts
            .unreachable()
            .forEach(u -> notes.add("app-server " + u.host() + " left out: " + u.reason()));
        if (hosts.slots() == 0) {
          hosts.close();
          throw new IllegalArgumentException(
              "no app-server host could be reached: "
                  + hosts.unreachable().stream()
                      .map(u -> u.host() + ": " + u.reason())
                      .collect(Collectors.joining("; ")));
        }
        options = options.withMaxParallel(hosts.slots()); // each host's max_parallel is its limit
      }
      return new Prepared(
          id,
          plan,
          folder,
          ownership,
          archive,
          carried,
          options,
          starter,
          runWorktrees,
          List.copyOf(notes));
    } catch (RuntimeException e) {
      ownership.close();
      throw e;
    }
  }

  /**
   * Moves the earlier run's worktrees after its other files ({@code archive}); the done tasks a
   * resume carries over keep theirs, at its new place.
   */
  private void archiveWorktrees(Path dir, Path archive, Map<String, TaskSnapshot> carried) {
    Optional<RunSnapshot> earlier;
    try {
      earlier = new RunFolder(archive).read();
    } catch (RuntimeException e) { // a corrupt meta: its worktrees are left where they are
      return;
    }
    earlier.ifPresent(e -> RunWorktrees.archive(worktrees, e.runId(), e.tasks(), dir, archive));
    carried.replaceAll(
        (name, t) -> {
          WorktreeInfo w = t.worktree();
          if (w == null) {
            return t;
          }
          Path moved = RunWorktrees.worktreePath(archive, name);
          return t.withWorktree(
              new WorktreeInfo(
                  w.repository(),
                  moved,
                  w.branch(),
                  w.base(),
                  w.head(),
                  w.filesChanged(),
                  w.insertions(),
                  w.deletions()));
        });
  }

  /** A run whose folder is ready and owned, not yet started. */
  public final class Prepared implements AutoCloseable {
    private final String id;
    private final Plan plan;
    private final RunFolder folder;
    private final RunFolder.Ownership ownership;
    private final Optional<Path> archivedTo;
    private final Map<String, TaskSnapshot> carried;
    private final RunOptions options;
    private final TaskStarter starter;
    private final RunWorktrees worktrees;
    private final List<String> notes;
    private boolean started;

    private Prepared(
        String id,
        Plan plan,
        RunFolder folder,
        RunFolder.Ownership ownership,
        Optional<Path> archivedTo,
        Map<String, TaskSnapshot> carried,
        RunOptions options,
        TaskStarter starter,
        RunWorktrees worktrees,
        List<String> notes) {
      this.id = id;
      this.plan = plan;
      this.folder = folder;
      this.ownership = ownership;
      this.archivedTo = archivedTo;
      this.carried = carried;
      this.options = options;
      this.starter = starter;
      this.worktrees = worktrees;
      this.notes = notes;
    }

    public String id() {
      return id;
    }

    public Path dir() {
      return folder.root();
    }

    /** At most this many tasks at once: on app-server hosts, their slots together. */
    public int maxParallel() {
      return options.maxParallel();
    }

    /** What the user should know before the run starts (e.g. changes its worktrees leave out). */
    public List<String> notes() {
      return notes;
    }

    /** Where the folder's earlier run was moved, if there was one. */
    public Optional<Path> archivedTo() {
      return archivedTo;
    }

    /** Starts every ready task; {@code onTransition} hears of every task's change of status. */
    public synchronized Run start(Consumer<TaskSnapshot> onTransition) {
      if (started) {
        throw new IllegalStateException("run " + id + " was started already");
      }
      started = true;
      Run run = new Run(id, folder, options, starter, services, ownership, worktrees, onTransition);
      runs.put(id, run);
      attach(run, starter);
      run.add(plan.tasks(), plan.waves(), carried);
      return run;
    }

    /** Gives the folder up when the run was never started (its files stay as prepared). */
    @Override
    public synchronized void close() {
      if (!started) {
        started = true;
        starter.close();
        ownership.close();
      }
    }
  }

  /** The earlier run's done tasks that stay done: in the plan, with an output, not re-run. */
  private static Map<String, TaskSnapshot> carriedOver(
      Plan plan, RunFolder folder, Set<String> rerun) {
    RunSnapshot earlier =
        folder
            .read()
            .orElseThrow(
                () -> new IllegalArgumentException("no earlier run to resume in " + folder.root()));
    List<String> tasks = plan.tasks().stream().map(TaskSpec::name).toList();
    List<String> unknown = rerun.stream().filter(n -> !tasks.contains(n)).toList();
    if (!unknown.isEmpty()) {
      throw new UnknownRerunException(unknown, tasks);
    }
    Set<String> names = Set.copyOf(tasks);
    Set<String> again = Dag.downstream(plan.dependencies(), rerun);
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

  /**
   * Reopens the folder of a run that is over for one follow-up turn of task {@code task}: the same
   * run id and folder (owned again while the turn runs), every task as it ended, that one running
   * again ({@link Run#followUp}); the run is over again when the turn ends.
   *
   * @param over the run as its folder holds it, every task final
   * @param specs its tasks, as recorded
   * @throws FolderBusyException when a live run owns the folder
   * @throws FollowUpRefused when the task cannot be continued
   */
  public Run reopen(
      RunSnapshot over,
      Plan specs,
      String task,
      String prompt,
      RunOptions options,
      CodexCapabilities caps,
      Consumer<TaskSnapshot> onTransition) {
    RunFolder folder = new RunFolder(over.dir());
    RunFolder.Ownership ownership =
        folder.tryOwn().orElseThrow(() -> new FolderBusyException(folder.root()));
    Map<String, TaskSnapshot> ended = new LinkedHashMap<>();
    over.tasks().forEach(t -> ended.put(t.name(), t));
    TaskStarter starter = starter(options, caps);
    Run run =
        new Run(
            over.runId(),
            folder,
            options,
            starter,
            services,
            ownership,
            new RunWorktrees(worktrees, over.runId(), folder.root()),
            onTransition);
    try {
      run.reopen(specs.tasks(), specs.waves(), ended, task, prompt);
    } catch (RuntimeException e) {
      run.changes().end();
      starter.close();
      ownership.close();
      throw e;
    }
    runs.put(over.runId(), run);
    attach(run, starter);
    return run;
  }

  /**
   * The run's transport (see {@link TaskStarter}): exec children; or threads, each on a local
   * app-server of its own, or on the run's hosts (connected now: a host that cannot be reached is
   * left out).
   */
  private TaskStarter starter(RunOptions options, CodexCapabilities caps) {
    if (options.transport() == Transport.EXEC) {
      return new ExecStarter(launcher, processTree, caps, options);
    }
    AppServerClient.Io io =
        new AppServerClient.Io(
            pumps,
            timer,
            processTree,
            APP_SERVER_REQUEST_TIMEOUT,
            options.killGrace(),
            System::getenv);
    return options.hosts().isEmpty()
        ? new AppServerStarter(io, pumps, options)
        : HostsStarter.open(options.hosts(), io);
  }

  /**
   * For the run's life: steers other processes post in its folder reach it ({@link SteerInbox}); at
   * its end the starter lets go of its hosts.
   */
  private void attach(Run run, TaskStarter starter) {
    ScheduledFuture<?> inbox = SteerInbox.watch(run, timer);
    Runnable over =
        () -> {
          inbox.cancel(false);
          starter.close();
        };
    run.completion().subscribe().with(snapshot -> over.run(), error -> over.run());
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
