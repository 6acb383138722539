package dev.codexpar.run;

import dev.codexpar.codex.CodexCapabilities;
import dev.codexpar.codex.Continuation;
import dev.codexpar.codex.RetryAfter;
import dev.codexpar.git.GitException;
import dev.codexpar.git.RunWorktrees;
import dev.codexpar.model.RetryReason;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.RunStatus;
import dev.codexpar.model.TaskFigures;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.model.TaskTurn;
import dev.codexpar.model.VerifyRound;
import dev.codexpar.model.WorktreeInfo;
import dev.codexpar.plan.Dag;
import dev.codexpar.process.ProcessTree;
import dev.codexpar.process.VerifyRunner;
import dev.codexpar.store.Facts;
import dev.codexpar.store.RunFolder;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

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
  private final Attempts attempts;
  private final ProcessTree processTree;
  private final ScheduledExecutorService timer;
  private final Executor io;
  private final Slots slots;
  private final Wakeups wakeups;
  private final ExitFlow exits;
  private final Backoff backoff = new Backoff(() -> ThreadLocalRandom.current().nextDouble());
  private final RunChanges changes = new RunChanges();
  private final Instant startedAt = Instant.now();
  private final Map<String, TaskState> tasks = new LinkedHashMap<>();
  private final List<String> carriedOver = new ArrayList<>();
  private final Facts facts;
  private final RunHistory history;

  private final RunEnd end;
  private final VerifyRunner verifier;

  /** The order in which ready tasks take free slots (see {@link StartOrder}). */
  private List<TaskState> startOrder = List.of();

  private Instant endedAt;
  private boolean sealed;
  private boolean stopNewStarts;
  private long version;

  Run(
      String runId,
      RunFolder folder,
      RunOptions options,
      CodexCapabilities caps,
      TaskLauncher launcher,
      ProcessTree processTree,
      ScheduledExecutorService timer,
      Executor io,
      ScheduledExecutorService fileWriter,
      RunFolder.Ownership ownership,
      RunWorktrees worktrees,
      Consumer<TaskSnapshot> onTransition) {
    this.runId = runId;
    this.folder = folder;
    this.options = options;
    this.processTree = processTree;
    this.timer = timer;
    this.io = io;
    this.sealed = !options.dynamic();
    this.facts = new Facts(folder.facts());
    this.attempts = new Attempts(folder, options, caps, launcher, facts, worktrees);
    this.history = new RunHistory(options.durationHistory());
    Clock clock = Clock.systemUTC();
    this.slots = new Slots(clock, options.maxParallel(), options.throttleFor(), options.startGap());
    this.wakeups = new Wakeups(timer, clock, this::pump);
    this.exits =
        new ExitFlow(this, timer, io, attempts, t -> t.attempt(!stopNewStarts), this::settle);
    CompletableFuture<Void> metasWritten =
        changes.subscribe(fileWriter, new MetaWriter(fileWriter, this::snapshotOf, folder, runId));
    // On a thread of its own: a printer blocked on a full stdout holds up no task.
    CompletableFuture<Void> printed =
        changes.subscribeTransitions("run-" + runId + "-transitions", onTransition);
    this.end = new RunEnd(folder, ownership, history, metasWritten, printed);
    this.verifier = new VerifyRunner(processTree, timer, launcher.io(), clock);
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
        version);
  }

  private synchronized TaskSnapshot snapshotOf(String name) {
    return tasks.get(name).snapshot();
  }

  /**
   * Waits until the run's version is past {@code seenVersion} or the time is up, and returns the
   * current snapshot; lets a client wait for change instead of busy-polling.
   */
  public synchronized RunSnapshot awaitChange(long seenVersion, long timeoutMs)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (version <= seenVersion && !end.finished()) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        break;
      }
      wait(left);
    }
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
    folder.writeRun(snapshot());
    pump();
  }

  /**
   * Adds tasks to a dynamic run, all or none, in any order (a task may depend on one listed after
   * it). Under the run's lock, so a dispatch racing a seal is either in the run before the seal
   * (and then runs) or refused: never accepted and lost.
   *
   * @throws RunClosedException when the run is sealed, finished or stopped by a failure
   * @throws IllegalArgumentException when a task exists, or the batch has a cycle or an unknown
   *     dependency
   */
  public void dispatch(List<TaskSpec> specs) {
    synchronized (this) {
      RunClosedException.Reason closed =
          RunClosedException.reasonFor(options.dynamic(), sealed || end.finished(), stopNewStarts);
      if (closed != null) {
        throw new RunClosedException(closed, runId);
      }
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
    folder.writeRun(snapshot());
    pump();
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
    start(t);
  }

  /** A run over, opened again for one follow-up turn: its tasks as they ended, one running. */
  void reopen(
      List<TaskSpec> specs,
      Map<String, Integer> waves,
      Map<String, TaskSnapshot> ended,
      String name,
      String prompt) {
    TaskState t;
    synchronized (this) {
      tasksAdded(specs, waves, ended);
      t = followingUp(name, prompt);
    }
    folder.writeRun(snapshot());
    start(t);
  }

  private TaskState followingUp(String name, String prompt) {
    TaskState t = tasks.get(name);
    if (t == null) {
      throw new IllegalArgumentException("run " + runId + " has no task '" + name + "'");
    }
    if (!t.status.isFinal()) {
      throw new FollowUpRefused(
          FollowUpRefused.Reason.TASK_BUSY,
          "task '"
              + name
              + "' is "
              + t.status.wireName()
              + ": ask again once it is done or failed");
    }
    String session = t.figures.sessionId();
    if (session == null) {
      throw new FollowUpRefused(
          FollowUpRefused.Reason.NO_SESSION,
          "task '" + name + "' has no codex session to continue (codex never started one)");
    }
    t.turn =
        new Attempts.Turn(
            t.turns.size() + 1, TaskTurn.Kind.FOLLOW_UP, Continuation.resume(session), prompt);
    t.followUpStarts();
    t.status = TaskStatus.RUNNING; // its transition comes with the new process (start)
    changed();
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
    folder.writeRun(snapshot());
    pump();
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
    } else if (t.status == TaskStatus.RUNNING && t.cancelReason == null) {
      t.cancelReason = reason;
      t.kill(processTree, options.killGrace());
      if (t.verifying != null) {
        t.verifying.cancel();
      }
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
      toStart.forEach(
          t -> {
            t.starting(now);
            t.turn = nextTurn(t);
          });
      if (!toStart.isEmpty()) {
        changed(toStart);
      }
    }
    toStart.forEach(this::start);
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

  /**
   * Under the lock: the turn a task launches now: the one a retry, verify round or follow-up set,
   * else its first (a fork of its {@code fork_from} task's session, done as a dependency).
   */
  private Attempts.Turn nextTurn(TaskState t) {
    Attempts.Turn next = t.nextTurn;
    t.nextTurn = null;
    if (next != null) {
      return next;
    }
    int number = t.turns.size() + 1;
    if (t.spec.forkFrom() == null) {
      return new Attempts.Turn(number, TaskTurn.Kind.START, null, null);
    }
    String upstream = tasks.get(t.spec.forkFrom()).figures.sessionId();
    return new Attempts.Turn(
        number, TaskTurn.Kind.FORK, upstream == null ? null : Continuation.fork(upstream), null);
  }

  private void start(TaskState t) {
    boolean fresh;
    synchronized (this) {
      fresh = t.turn.startsTask();
    }
    if (t.spec.worktree() && fresh) {
      io.execute(() -> startInWorktree(t)); // git is slow to wait for here
    } else {
      launch(t, t.worktreeCwd != null ? t.worktreeCwd : t.spec.cwd());
    }
  }

  /**
   * Makes the task's worktree (from the run's start or its dependencies' heads merged), or puts it
   * back to its base before another attempt, then starts codex there. A merge conflict of the
   * dependencies' branches fails the task, naming the files, and starts no process.
   */
  private void startInWorktree(TaskState t) {
    RunWorktrees worktrees = attempts.worktrees();
    WorktreeInfo made;
    List<TaskSnapshot> dependencies;
    synchronized (this) {
      made = t.worktree;
      dependencies = t.spec.dependsOn().stream().map(d -> tasks.get(d).snapshot()).toList();
    }
    Path cwd;
    try {
      if (made == null) {
        RunWorktrees.Prepared prepared = worktrees.prepare(t.name(), t.spec.cwd(), dependencies);
        cwd = prepared.cwd();
        synchronized (this) {
          t.worktree = prepared.worktree();
          t.worktreeCwd = cwd;
          changed();
          changes.emit(new RunChange.Progress(t.name())); // the meta shows it at once
        }
      } else {
        worktrees.reset(made);
        synchronized (this) {
          cwd = t.worktreeCwd;
        }
      }
    } catch (GitException e) {
      failedToStart(t, null, e.getMessage());
      return;
    }
    boolean cancelled;
    synchronized (this) {
      cancelled = t.cancelReason != null;
    }
    if (cancelled) { // while git made the worktree: nothing to start
      failedToStart(t, null, null);
    } else {
      launch(t, cwd);
    }
  }

  private void launch(TaskState t, Path cwd) {
    Attempts.Turn turn;
    int lastDone;
    synchronized (this) {
      turn = t.turn;
      lastDone = t.lastDoneTurn();
    }
    if (turn.kind() == TaskTurn.Kind.FORK && turn.continuation() == null) {
      failedToStart(t, null, "fork_from task '" + t.spec.forkFrom() + "' named no codex session");
      return;
    }
    List<String> argv = attempts.argv(t.spec, turn);
    try {
      TaskLauncher.Launched launched =
          attempts.launch(t.spec, argv, turn, lastDone, cwd, f -> progressed(t, f));
      synchronized (this) {
        t.started(argv, launched.child(), timer, () -> timedOut(t));
        changed(List.of(t));
        changes.emit(new RunChange.Transition(t.snapshot()));
        if (t.cancelReason != null) {
          t.kill(processTree, options.killGrace());
        }
      }
      launched.exit().thenAccept(exit -> exits.exited(t, exit));
    } catch (IOException | RuntimeException e) {
      failedToStart(t, argv, "cannot start codex: " + e.getMessage());
    }
  }

  /** The task ends failed before any process of it ran. */
  private void failedToStart(TaskState t, List<String> argv, String error) {
    synchronized (this) {
      t.argv = argv;
      t.endedAt = Instant.now();
      if (t.cancelReason != null) {
        transition(t, TaskStatus.CANCELLED, t.cancelReason);
      } else {
        transition(t, TaskStatus.FAILED, error);
        afterFailure(t);
      }
    }
    pump();
  }

  private void progressed(TaskState t, TaskFigures figures) {
    t.figures = figures;
    synchronized (this) {
      changed(List.of(t));
      changes.emit(new RunChange.Progress(t.name()));
    }
  }

  private void timedOut(TaskState t) {
    synchronized (this) {
      if (t.status != TaskStatus.RUNNING || t.cancelReason != null) {
        return;
      }
      t.timedOut = true;
      t.kill(processTree, options.killGrace());
    }
  }

  /** A child's exit, judged ({@link ExitFlow}): the task's new status. */
  private void settle(TaskState t, TaskLauncher.Exit exit, ExitJudge.Judgement judged) {
    boolean verify = false;
    synchronized (this) {
      Instant now = Instant.now();
      t.exited(exit, now);
      t.turnEnded(turnStatus(judged.verdict()), now);
      switch (judged.verdict()) {
        case RETRY -> retryLater(t, judged.reason(), judged.error());
        case CANCELLED -> transition(t, TaskStatus.CANCELLED, t.cancelReason);
        case DONE -> {
          slots.succeeded(t.endedAt);
          verify = t.spec.verify() != null && t.turn.kind() != TaskTurn.Kind.FOLLOW_UP;
          if (verify) {
            t.verifying(t.verifyRounds.size() + 1);
            changed();
            changes.emit(new RunChange.Progress(t.name()));
          } else {
            transition(t, TaskStatus.DONE, null);
          }
        }
        default -> {
          transition(t, TaskStatus.FAILED, judged.error());
          afterFailure(t);
        }
      }
    }
    if (verify) {
      verify(t);
    } else {
      pump();
    }
  }

  private static TaskStatus turnStatus(ExitJudge.Verdict verdict) {
    return switch (verdict) {
      case DONE -> TaskStatus.DONE;
      case CANCELLED -> TaskStatus.CANCELLED;
      default -> TaskStatus.FAILED;
    };
  }

  /** Runs the task's verify command off the lock (codex exited 0; the task stays running). */
  private void verify(TaskState t) {
    int round;
    synchronized (this) {
      if (t.cancelReason != null) {
        transition(t, TaskStatus.CANCELLED, t.cancelReason);
        round = 0;
      } else {
        round = t.verifyRounds.size() + 1;
      }
    }
    if (round == 0) {
      pump();
      return;
    }
    try {
      VerifyRunner.Running running =
          verifier.start(
              t.spec.verify().command(),
              t.worktreeCwd != null ? t.worktreeCwd : t.spec.cwd(), // where codex worked
              options.env(),
              t.spec.verify().timeout(),
              round);
      synchronized (this) {
        t.verifying = running;
        if (t.cancelReason != null) {
          running.cancel();
        }
      }
      running.result().thenAccept(result -> verified(t, result));
    } catch (IOException | RuntimeException e) {
      synchronized (this) {
        transition(t, TaskStatus.FAILED, "cannot run verify: " + e.getMessage());
        afterFailure(t);
      }
      pump();
    }
  }

  /** A verify round's end: the task is done, resumed with what failed, or failed. */
  private void verified(TaskState t, VerifyRound round) {
    boolean fixTurn = false;
    synchronized (this) {
      t.verifying = null;
      t.verifyRounds.add(round);
      String session = t.figures.sessionId();
      VerifyLoop.Decision next = VerifyLoop.next(t.spec.verify(), t.verifyRounds);
      if (t.cancelReason != null) {
        transition(t, TaskStatus.CANCELLED, t.cancelReason);
      } else if (next instanceof VerifyLoop.Pass) {
        transition(t, TaskStatus.DONE, null);
      } else if (next instanceof VerifyLoop.Resume resume && session != null) {
        t.endedAt = null;
        t.turn =
            new Attempts.Turn(
                t.turns.size() + 1,
                TaskTurn.Kind.VERIFY_FIX,
                Continuation.resume(session),
                resume.prompt());
        changed();
        fixTurn = true;
      } else {
        String error =
            next instanceof VerifyLoop.Fail fail
                ? fail.error()
                : "verify failed and codex named no session to resume";
        transition(t, TaskStatus.FAILED, error);
        afterFailure(t);
      }
    }
    if (fixTurn) {
      start(t);
    } else {
      pump();
    }
  }

  /** Keeps the failed attempt's error and queues the next attempt after a backoff. */
  private void retryLater(TaskState t, RetryReason reason, String error) {
    Instant now = slots.now();
    Optional<Duration> retryAfter = RetryAfter.of(error);
    Duration wait = backoff.after(t.spec.retry().delay(), t.attemptErrors.size() + 1, retryAfter);
    if (reason == RetryReason.RATE_LIMIT) {
      wakeups.at(slots.rateLimited(now, retryAfter)); // the limit grows back from then on
    }
    t.nextTurn = retryTurn(t, reason);
    transition(t, TaskStatus.PENDING, t.retryAfter(reason, error, wait, now));
    wakeups.at(t.retryAt);
  }

  /** A retry goes on in the failed attempt's session, or launches it again ({@link RetryStart}). */
  private static Attempts.Turn retryTurn(TaskState t, RetryReason reason) {
    int number = t.turns.size() + 1;
    if (RetryStart.of(reason, t.figures.sessionId()) instanceof RetryStart.Resume resume) {
      return new Attempts.Turn(
          number, TaskTurn.Kind.RETRY, Continuation.resume(resume.sessionId()), resume.prompt());
    }
    return t.turn.again(number);
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

  private void transition(TaskState t, TaskStatus status, String error) {
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
    Set<String> changed = new LinkedHashSet<>();
    tasks.values().stream()
        .filter(t -> t.changedIn > seenVersion)
        .forEach(t -> changed.add(t.name()));
    return changed;
  }

  private void changed(List<TaskState> touched) {
    changed();
    touched.forEach(t -> t.changedIn = version);
  }

  private void changed() {
    version++;
    notifyAll();
  }
}
