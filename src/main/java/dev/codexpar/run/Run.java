package dev.codexpar.run;

import dev.codexpar.git.RunWorktrees;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.RunStatus;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.plan.Dag;
import dev.codexpar.store.Facts;
import dev.codexpar.store.RunFolder;
import io.smallrye.mutiny.Uni;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One run: its tasks' states and the scheduler that starts each task as soon as its dependencies
 * are done and a slot is free. All state changes happen under this object's lock; readers get
 * immutable snapshots, and consumers (the printer, the meta writer) get the changes through {@link
 * RunChanges}, each on its own thread: nothing is printed, written or notified under the lock. The
 * same code serves CLI runs and MCP runs (static or dynamic).
 */
public final class Run {
  private final String runId;
  private final RunFolder folder;
  private final RunOptions options;
  private final Slots slots;
  private final Wakeups wakeups;
  private final TaskStarts starts;
  private final RunChanges changes = new RunChanges();
  private final RunVersion version = new RunVersion();
  private final Instant startedAt = Instant.now();
  private final Map<String, TaskState> tasks = new LinkedHashMap<>();
  private final List<String> carriedOver = new ArrayList<>();
  private final Facts facts;
  private final RunHistory history;
  private final RunWorktrees worktrees;

  private final RunEnd end;

  /** The order in which ready tasks take free slots (see {@link StartOrder}). */
  private List<TaskState> startOrder = List.of();

  private Instant endedAt;
  private boolean sealed;
  private boolean stopNewStarts;

  Run(
      String runId,
      RunFolder folder,
      RunOptions options,
      TaskStarter starter,
      RunServices services,
      RunFolder.Ownership ownership,
      RunWorktrees worktrees,
      Consumer<TaskSnapshot> onTransition) {
    this.runId = runId;
    this.folder = folder;
    this.options = options;
    this.sealed = !options.dynamic();
    this.facts = new Facts(folder.facts());
    this.history = new RunHistory(options.durationHistory());
    this.worktrees = worktrees;
    Clock clock = Clock.systemUTC();
    this.slots = new Slots(clock, options.maxParallel(), options.throttleFor(), options.startGap());
    this.wakeups = new Wakeups(services.timer(), clock, this::pump);
    Attempts attempts = new Attempts(folder, starter, facts, worktrees);
    TaskEnds ends = new TaskEnds(this, services, clock, options.env(), slots, wakeups);
    ExitFlow exits =
        new ExitFlow(this, services, attempts, t -> t.attempt(!stopNewStarts), ends::settle);
    this.starts = new TaskStarts(this, attempts, exits, services, options);
    CompletableFuture<Void> metasWritten =
        changes.subscribe(
            services.fileWriter(),
            new MetaWriter(services.fileWriter(), this::snapshotOf, folder, runId));
    // On a thread of its own: a printer blocked on a full stdout holds up no task.
    CompletableFuture<Void> printed =
        changes.subscribeTransitions("run-" + runId + "-transitions", onTransition);
    this.end = new RunEnd(folder, ownership, history, metasWritten, printed);
  }

  /** The run's shared facts; they reach the prompts of tasks started after each write. */
  public Facts facts() {
    return facts;
  }

  public String id() {
    return runId;
  }

  public Path dir() {
    return folder.root();
  }

  /** How it runs (its transport and hosts among them). */
  public RunOptions options() {
    return options;
  }

  /** Sends a message into a running task's turn ({@link TaskStarts#steer}). */
  public CompletableFuture<Void> steer(String name, String message) {
    return starts.steer(name, message);
  }

  /** The run's changes from now on, for consumers besides the printer and the meta writer. */
  public RunChanges changes() {
    return changes;
  }

  /**
   * Completes with the final snapshot once every task is final (and a dynamic run is sealed), its
   * files are written and every transition was handed to the run's {@code onTransition}.
   */
  public Uni<RunSnapshot> completion() {
    return Uni.createFrom().completionStage(end.completed());
  }

  /**
   * The run now. It reads {@code running} until it is really over (metas final, folder released),
   * not merely once its last task ended: a client that sees it over may at once resume it or start
   * another run in its folder.
   */
  public synchronized RunSnapshot snapshot() {
    return snapshot(end.finished()); // read once: it completes outside this lock
  }

  /** The run, as over (final status, not live) or as still going. */
  private synchronized RunSnapshot snapshot(boolean over) {
    List<TaskSnapshot> list = tasks.values().stream().map(TaskState::snapshot).toList();
    RunStatus status = RunStatus.derive(list, !sealed || !over);
    return new RunSnapshot(
        runId,
        folder.root(),
        status,
        startedAt,
        over ? endedAt : null, // a run still going has no end yet, whatever its last task did
        list,
        options.dynamic(),
        sealed,
        !over,
        version.now());
  }

  private synchronized TaskSnapshot snapshotOf(String name) {
    return tasks.get(name).snapshot();
  }

  /** The run once changed after {@code seenVersion} or the time is up: no busy-polling. */
  public RunSnapshot awaitChange(long seenVersion, long timeoutMs) throws InterruptedException {
    version.awaitPast(seenVersion, timeoutMs, end::finished);
    return snapshot();
  }

  /**
   * Adds tasks (validated by the caller, all at once) and starts what is ready; {@code carried}
   * holds tasks done by an earlier run that this one resumes (their output is already in place).
   */
  void add(List<TaskSpec> specs, Map<String, Integer> waves, Map<String, TaskSnapshot> carried) {
    synchronized (this) {
      if (sealed && !tasks.isEmpty()) {
        throw new IllegalStateException("run " + runId + " is sealed");
      }
      tasksAdded(specs, waves, carried);
    }
    saved();
  }

  /**
   * Adds tasks to a dynamic run, all or none, in any order (a task may depend on one listed after
   * it). Under the run's lock, so a dispatch racing a seal is either in the run before the seal
   * (and then runs) or refused ({@link RunClosedException}): never accepted and lost.
   *
   * @throws IllegalArgumentException when a task exists, or the batch has a cycle or an unknown
   *     dependency
   */
  public void dispatch(List<TaskSpec> specs) {
    synchronized (this) {
      RunClosedException.refuseUnlessOpen(
          runId, options.dynamic(), sealed || end.finished(), stopNewStarts);
      Map<String, List<String>> batch = new LinkedHashMap<>();
      for (TaskSpec spec : specs) {
        if (tasks.containsKey(spec.name())) {
          throw new IllegalArgumentException("task '" + spec.name() + "' exists in run " + runId);
        }
        batch.put(spec.name(), spec.dependsOn());
      }
      Map<String, Integer> known = new LinkedHashMap<>();
      tasks.forEach((name, t) -> known.put(name, t.wave));
      tasksAdded(specs, Dag.waves(batch, known), Map.of());
    }
    saved();
  }

  /** Under the lock: emitted before any start of theirs, so their specs are written first. */
  private void tasksAdded(
      List<TaskSpec> specs, Map<String, Integer> waves, Map<String, TaskSnapshot> carried) {
    for (TaskSpec spec : specs) {
      TaskState state = new TaskState(spec, waves.getOrDefault(spec.name(), 0));
      if (carried.containsKey(spec.name())) {
        state.carryOver(carried.get(spec.name()));
        carriedOver.add(spec.name());
      }
      tasks.put(spec.name(), state);
    }
    List<TaskSpec> all = tasks.values().stream().map(t -> t.spec).toList();
    startOrder = history.startOrder(all).stream().map(tasks::get).toList();
    changed(specs.stream().map(spec -> tasks.get(spec.name())).toList());
    changes.emit(new RunChange.TasksAdded(List.copyOf(specs)));
  }

  /**
   * Continues task {@code name}'s codex session with {@code prompt} as a new turn ({@code exec
   * resume}); the task runs again at once, beside the run's other tasks.
   *
   * @throws IllegalArgumentException when the run has no such task
   * @throws FollowUpRefused when the task is not done or failed, or has no session, or the run is
   *     over (then its folder is reopened instead: {@link RunRegistry#reopen})
   */
  public void followUp(String name, String prompt) {
    TaskState t;
    synchronized (this) {
      if (endedAt != null) {
        throw new FollowUpRefused(FollowUpRefused.Reason.RUN_OVER, "run " + runId + " is over");
      }
      t = followingUp(name, prompt);
    }
    starts.start(t);
  }

  /**
   * Checks the worktree tasks about to be dispatched ({@link RunWorktrees#checkTasks}), outside the
   * lock: git runs here. Fixes the start of a repository the run had not looked at yet.
   *
   * @return what the user should know (uncommitted changes the worktrees will not have)
   */
  public List<String> checkWorktrees(List<TaskSpec> specs) {
    return worktrees.checkTasks(specs);
  }

  /** A run over, opened again for one follow-up turn: its tasks as they ended, one running. */
  void reopen(
      List<TaskSpec> specs,
      Map<String, Integer> waves,
      Map<String, TaskSnapshot> ended,
      String name,
      String prompt) {
    TaskSnapshot asked = ended.get(name);
    if (asked == null) {
      throw new IllegalArgumentException("run " + runId + " has no task '" + name + "'");
    }
    TaskState.refuseFollowUp(asked, options.transport()); // before anything is emitted or written
    TaskState t;
    synchronized (this) {
      tasksAdded(specs, waves, ended);
      t = followingUp(name, prompt);
    }
    RunEnd.writeRun(folder, snapshot());
    starts.start(t);
  }

  private TaskState followingUp(String name, String prompt) {
    TaskState t = tasks.get(name);
    if (t == null) {
      throw new IllegalArgumentException("run " + runId + " has no task '" + name + "'");
    }
    t.followUp(prompt, options.transport());
    changed(List.of(t));
    return t;
  }

  /** The tasks this run took over as done from the earlier run it resumes (none for a new run). */
  public synchronized List<String> carriedOver() {
    return List.copyOf(carriedOver);
  }

  /** The names of the run's tasks so far. */
  public synchronized List<String> taskNames() {
    return List.copyOf(tasks.keySet());
  }

  /** Closes a dynamic run to new tasks; it ends when every task is final. */
  public RunSnapshot seal() {
    synchronized (this) {
      sealed = true;
      changed();
    }
    saved();
    return snapshot();
  }

  /** Cancels every task: pending ones at once, running ones by killing their process trees. */
  public Uni<RunSnapshot> cancel(String reason) {
    synchronized (this) {
      sealed = true;
      stopNewStarts = true;
      tasks.values().forEach(t -> cancel(t, reason));
      changed();
    }
    pump();
    return completion();
  }

  /** Cancels one task (its dependants are then skipped). */
  public TaskStatus cancelTask(String name, String reason) {
    TaskStatus before;
    synchronized (this) {
      TaskState t = tasks.get(name);
      if (t == null) {
        throw new IllegalArgumentException("run " + runId + " has no task '" + name + "'");
      }
      before = t.status;
      cancel(t, reason);
    }
    pump();
    return before;
  }

  private synchronized void cancel(TaskState t, String reason) {
    if (t.status == TaskStatus.PENDING) {
      transition(t, TaskStatus.CANCELLED, reason);
    } else if (t.status == TaskStatus.RUNNING) {
      starts.cancel(t, reason);
    }
  }

  /** Starts every ready task a slot allows, skips what can no longer run, ends the run when due. */
  void pump() {
    List<TaskState> toStart;
    synchronized (this) {
      skipUnreachable();
      Instant now = slots.now();
      long running = tasks.values().stream().filter(t -> t.status == TaskStatus.RUNNING).count();
      int room = (int) (slots.available(now) - running);
      slots.nextGrowth().ifPresent(wakeups::at);
      List<TaskState> order = stopNewStarts ? List.of() : startOrder;
      ReadyTasks.Picked picked = ReadyTasks.pick(order, this::dependenciesDone, room, now, slots);
      picked.wakeAt().ifPresent(wakeups::at);
      toStart = picked.start();
      toStart.forEach(t -> t.starting(now, name -> tasks.get(name).figures.sessionId()));
      if (!toStart.isEmpty()) {
        changed(toStart);
      }
    }
    toStart.forEach(starts::start);
    finishIfDone();
  }

  private boolean dependenciesDone(TaskState t) {
    return t.spec.dependsOn().stream().allMatch(d -> tasks.get(d).status == TaskStatus.DONE);
  }

  /** Pending tasks behind a dependency that ended without success can never run: skip them. */
  private void skipUnreachable() {
    Map<String, TaskStatus> statuses = new LinkedHashMap<>();
    Map<String, List<String>> deps = new LinkedHashMap<>();
    tasks.forEach((name, t) -> statuses.put(name, t.status));
    tasks.forEach((name, t) -> deps.put(name, t.spec.dependsOn()));
    Unreachable.of(statuses, deps)
        .forEach((name, why) -> transition(tasks.get(name), TaskStatus.SKIPPED, why));
  }

  /** Seed semantics: after a failure nothing new starts, unless keep-going. */
  private void afterFailure(TaskState failed) {
    if (options.keepGoing()) {
      return;
    }
    stopNewStarts = true;
    String why = "not started: task '" + failed.name() + "' failed";
    tasks.values().stream()
        .filter(t -> t.status == TaskStatus.PENDING)
        .forEach(t -> transition(t, TaskStatus.SKIPPED, why));
  }

  private void finishIfDone() {
    RunSnapshot last;
    synchronized (this) {
      if (endedAt != null || !sealed || !tasks.values().stream().allMatch(TaskState::isFinal)) {
        return;
      }
      endedAt = Instant.now();
      changed();
      last = snapshot(true);
      changes.emit(new RunChange.Ended(last));
      changes.end();
    }
    end.finish(last, name -> tasks.get(name).spec, carriedOver);
    synchronized (this) {
      changed(); // waiters see it over now
    }
  }

  /**
   * Writes the run's meta after a change made under the lock, then starts what is ready: a meta
   * that cannot be written (a full disk) undoes no change, and is written again at the end.
   */
  private void saved() {
    RunEnd.writeRun(folder, snapshot());
    pump();
  }

  /** Starts the task's turn chosen under the lock (a verify round's fix). Off the lock. */
  void startTurn(TaskState t) {
    starts.start(t);
  }

  /** Under the lock: the task of that name, null for none. */
  TaskState task(String name) {
    return tasks.get(name);
  }

  /** Under the lock: the task changed and its meta is due, its status unchanged. */
  void progressed(TaskState t) {
    changed(List.of(t));
    changes.emit(new RunChange.Progress(t.name()));
  }

  /** Under the lock: the task's child started; reported as a transition. */
  void announced(TaskState t) {
    changed(List.of(t));
    changes.emit(new RunChange.Transition(t.snapshot()));
  }

  /** Under the lock: the task failed; what it stops (see {@link #afterFailure}) stops. */
  void failed(TaskState t, String error) {
    transition(t, TaskStatus.FAILED, error);
    afterFailure(t);
  }

  /** Under the lock: the task's new status, reported. */
  void transition(TaskState t, TaskStatus status, String error) {
    t.status = status;
    t.error = error;
    if (status.isFinal() && t.endedAt == null && t.startedAt != null) {
      t.endedAt = Instant.now();
    }
    changed(List.of(t));
    changes.emit(new RunChange.Transition(t.snapshot()));
  }

  /** The tasks changed after {@code seenVersion}: what a client that saw that version missed. */
  public synchronized Set<String> changedSince(long seenVersion) {
    return tasks.values().stream()
        .filter(t -> t.changedIn > seenVersion)
        .map(TaskState::name)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private void changed(List<TaskState> touched) {
    long now = version.next();
    touched.forEach(t -> t.changedIn = now);
  }

  private void changed() {
    version.next();
  }
}
