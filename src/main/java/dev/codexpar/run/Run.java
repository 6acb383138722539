package dev.codexpar.run;

import dev.codexpar.codex.ArgvBuilder;
import dev.codexpar.codex.CodexCapabilities;
import dev.codexpar.codex.FailureKind;
import dev.codexpar.model.RetryReason;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.RunStatus;
import dev.codexpar.model.TaskFigures;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.plan.Dag;
import dev.codexpar.plan.DurationText;
import dev.codexpar.process.ProcessTree;
import dev.codexpar.store.AtomicFile;
import dev.codexpar.store.Facts;
import dev.codexpar.store.RunFolder;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One run: its tasks' states and the scheduler that starts each task as soon as its dependencies
 * are done and a slot is free. All state changes happen under this object's lock; readers get
 * immutable snapshots. The same code serves CLI runs and MCP runs (static or dynamic).
 */
public final class Run {
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  /** Exit codes of a child ended by SIGHUP, SIGINT or SIGTERM (128 + the signal's number). */
  private static final Set<Integer> SIGNAL_EXITS = Set.of(129, 130, 143);

  /** How long such a child's task waits for the cancel that the same signal brings us. */
  private static final long SIGNAL_VERDICT_DELAY_MS = 1_500;

  private final String runId;
  private final RunFolder folder;
  private final RunOptions options;
  private final CodexCapabilities caps;
  private final TaskLauncher launcher;
  private final ProcessTree processTree;
  private final ScheduledExecutorService timer;
  private final MetaWriter metaWriter;
  private final RunFolder.Ownership ownership;
  private final Consumer<TaskSnapshot> onTransition;
  private final Instant startedAt = Instant.now();
  private final Map<String, TaskState> tasks = new LinkedHashMap<>();
  private final List<String> carriedOver = new ArrayList<>();

  /** The order in which ready tasks take free slots: most dependants first, then file order. */
  private List<TaskState> startOrder = List.of();

  private final CompletableFuture<RunSnapshot> finished = new CompletableFuture<>();
  private final Facts facts;

  private Instant endedAt;
  private Instant lastStartAt;
  private Instant pumpScheduledAt;
  private int throttledSlots;
  private Instant throttledUntil;
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
      ScheduledExecutorService fileWriter,
      RunFolder.Ownership ownership,
      Consumer<TaskSnapshot> onTransition) {
    this.runId = runId;
    this.folder = folder;
    this.options = options;
    this.caps = caps;
    this.launcher = launcher;
    this.processTree = processTree;
    this.timer = timer;
    this.ownership = ownership;
    this.onTransition = onTransition;
    this.sealed = !options.dynamic();
    this.metaWriter = new MetaWriter(fileWriter, this::snapshotOf, folder, runId);
    this.facts = new Facts(folder.facts());
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

  /** Completes with the final snapshot once every task is final (and a dynamic run is sealed). */
  public Uni<RunSnapshot> completion() {
    return Uni.createFrom().completionStage(finished);
  }

  /**
   * The run now. It reads {@code running} until it is really over (metas final, folder released),
   * not merely once its last task ended: a client that sees it over may at once resume it or start
   * another run in its folder.
   */
  public synchronized RunSnapshot snapshot() {
    return snapshot(finished.isDone()); // read once: it completes outside this lock
  }

  /** The run, as over (final status, not live) or as still going. */
  private synchronized RunSnapshot snapshot(boolean over) {
    List<TaskSnapshot> list = tasks.values().stream().map(TaskState::snapshot).toList();
    return new RunSnapshot(
        runId,
        folder.root(),
        RunStatus.derive(list, !sealed || !over),
        startedAt,
        endedAt,
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
    while (version <= seenVersion && !finished.isDone()) {
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
      for (TaskSpec spec : specs) {
        TaskState state = new TaskState(spec, waves.getOrDefault(spec.name(), 0));
        TaskSnapshot done = carried.get(spec.name());
        if (done != null) {
          state.carryOver(done);
          carriedOver.add(spec.name());
        }
        tasks.put(spec.name(), state);
      }
      startOrder = startOrder();
      changed();
      // Queued under the lock: no start (from another task's exit) can queue a meta ahead of them.
      metaWriter.tasksAdded(specs);
    }
    folder.writeRun(snapshot());
    pump();
  }

  /**
   * Adds tasks to a dynamic run, all or none. Under the run's lock, so a dispatch racing a seal is
   * either in the run before the seal (and then runs) or refused: never accepted and lost.
   *
   * @throws RunClosedException when the run is sealed, finished or stopped by a failure
   */
  public void dispatch(List<TaskSpec> specs) {
    synchronized (this) {
      if (!options.dynamic()) {
        throw new RunClosedException(RunClosedException.Reason.NOT_DYNAMIC, runId);
      }
      if (sealed || finished.isDone()) {
        throw new RunClosedException(RunClosedException.Reason.SEALED, runId);
      }
      if (stopNewStarts) {
        throw new RunClosedException(RunClosedException.Reason.STOPPED, runId);
      }
      for (TaskSpec spec : specs) {
        if (tasks.containsKey(spec.name())) {
          throw new IllegalArgumentException("task '" + spec.name() + "' exists in run " + runId);
        }
      }
      Map<String, Integer> waves = wavesOf(specs);
      specs.forEach(spec -> tasks.put(spec.name(), new TaskState(spec, waves.get(spec.name()))));
      startOrder = startOrder();
      changed();
      // Queued under the lock: a start, or a seal's final flush, cannot overtake them.
      metaWriter.tasksAdded(specs);
    }
    folder.writeRun(snapshot());
    pump();
  }

  /**
   * Waves of a dispatched batch, in dependency order whatever the order of the batch (a task may
   * depend on one listed after it).
   */
  private Map<String, Integer> wavesOf(List<TaskSpec> specs) {
    Map<String, Integer> waves = new LinkedHashMap<>();
    List<TaskSpec> left = new ArrayList<>(specs);
    boolean progress = true;
    while (!left.isEmpty() && progress) {
      progress = false;
      for (var it = left.iterator(); it.hasNext(); ) {
        TaskSpec spec = it.next();
        Integer wave = 0;
        for (String dep : spec.dependsOn()) {
          Integer depWave = waves.containsKey(dep) ? waves.get(dep) : waveOrNull(dep);
          if (depWave == null) {
            wave = null;
            break;
          }
          wave = Math.max(wave, depWave + 1);
        }
        if (wave != null) {
          waves.put(spec.name(), wave);
          it.remove();
          progress = true;
        }
      }
    }
    if (!left.isEmpty()) {
      TaskSpec spec = left.get(0);
      String dep =
          spec.dependsOn().stream()
              .filter(d -> !waves.containsKey(d) && waveOrNull(d) == null)
              .findFirst()
              .orElseThrow();
      boolean inBatch = left.stream().anyMatch(other -> other.name().equals(dep));
      throw new IllegalArgumentException(
          inBatch
              ? "task '" + spec.name() + "' is in a dependency cycle through '" + dep + "'"
              : "task '" + spec.name() + "' depends on unknown task '" + dep + "'");
    }
    return waves;
  }

  private Integer waveOrNull(String name) {
    TaskState t = tasks.get(name);
    return t == null ? null : t.wave;
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
    List<TaskState> toKill = new ArrayList<>();
    synchronized (this) {
      sealed = true;
      stopNewStarts = true;
      for (TaskState t : tasks.values()) {
        if (t.status == TaskStatus.PENDING) {
          transition(t, TaskStatus.CANCELLED, reason);
        } else if (t.status == TaskStatus.RUNNING && t.cancelReason == null) {
          t.cancelReason = reason;
          toKill.add(t);
        }
      }
      changed();
    }
    toKill.forEach(this::killTree);
    pump();
    return completion();
  }

  /** Cancels one task (its dependants are then skipped). */
  public TaskStatus cancelTask(String name, String reason) {
    TaskState toKill = null;
    TaskStatus before;
    synchronized (this) {
      TaskState t = tasks.get(name);
      if (t == null) {
        throw new IllegalArgumentException("run " + runId + " has no task '" + name + "'");
      }
      before = t.status;
      if (t.status == TaskStatus.PENDING) {
        transition(t, TaskStatus.CANCELLED, reason);
      } else if (t.status == TaskStatus.RUNNING && t.cancelReason == null) {
        t.cancelReason = reason;
        toKill = t;
      }
    }
    if (toKill != null) {
      killTree(toKill);
    }
    pump();
    return before;
  }

  private void killTree(TaskState t) {
    synchronized (this) {
      if (t.handle == null || t.killed != null) {
        return;
      }
      t.killed = processTree.kill(t.handle, options.killGrace()).subscribeAsCompletionStage();
    }
  }

  /** Starts every ready task a slot allows, skips what can no longer run, ends the run when due. */
  void pump() {
    List<TaskState> toStart = new ArrayList<>();
    synchronized (this) {
      skipUnreachable();
      Instant now = Instant.now();
      long running = tasks.values().stream().filter(t -> t.status == TaskStatus.RUNNING).count();
      int slots = slots(now);
      if (!stopNewStarts) {
        for (TaskState t : startOrder) {
          if (running + toStart.size() >= slots) {
            break;
          }
          if (t.status != TaskStatus.PENDING || !dependenciesDone(t)) {
            continue;
          }
          if (t.retryAt != null && now.isBefore(t.retryAt)) {
            pumpAt(t.retryAt); // backing off (a timer may fire a hair early: ask again)
            continue;
          }
          Instant nextStart = lastStartAt == null ? now : lastStartAt.plus(options.startGap());
          if (now.isBefore(nextStart)) {
            pumpAt(nextStart);
            break;
          }
          t.status = TaskStatus.RUNNING;
          t.retryAt = null;
          if (t.startedAt == null) {
            t.startedAt = now;
          }
          lastStartAt = now;
          toStart.add(t);
        }
      }
      if (!toStart.isEmpty()) {
        changed();
      }
    }
    toStart.forEach(this::start);
    finishIfDone();
  }

  /**
   * When slots are scarce, the task that unblocks the most others goes first (durations are
   * unknown, so the count of transitive dependants stands in for the critical path); ties keep file
   * order.
   */
  private List<TaskState> startOrder() {
    Map<String, List<String>> deps = new LinkedHashMap<>();
    tasks.forEach((name, t) -> deps.put(name, t.spec.dependsOn()));
    Map<String, Integer> dependants = Dag.dependantCounts(deps);
    List<TaskState> order = new ArrayList<>(tasks.values());
    order.sort(Comparator.comparingInt(t -> -dependants.get(t.spec.name())));
    return List.copyOf(order);
  }

  /** How many tasks may run now: fewer for a while after the model said "rate limit". */
  private int slots(Instant now) {
    if (throttledUntil != null && now.isBefore(throttledUntil)) {
      return throttledSlots;
    }
    throttledUntil = null;
    return options.maxParallel();
  }

  /**
   * A 429 halves the slots for {@link RunOptions#throttleFor()}, so a big batch stops hammering the
   * limit; a pump at the window's end lets the waiting tasks take the slots back.
   */
  private void throttle(Instant now) {
    int current = slots(now);
    throttledSlots = Math.max(1, current / 2);
    throttledUntil = now.plus(options.throttleFor());
    pumpAt(throttledUntil);
  }

  /** Makes sure a pump runs at {@code at} (one timer for the earliest wanted time). */
  private void pumpAt(Instant at) {
    if (pumpScheduledAt != null && !pumpScheduledAt.isAfter(at)) {
      return;
    }
    pumpScheduledAt = at;
    long delay = Math.max(0, Duration.between(Instant.now(), at).toNanos());
    timer.schedule(
        () -> {
          synchronized (this) {
            if (at.equals(pumpScheduledAt)) {
              pumpScheduledAt = null;
            }
          }
          pump();
        },
        delay,
        TimeUnit.NANOSECONDS);
  }

  private boolean dependenciesDone(TaskState t) {
    return t.spec.dependsOn().stream().allMatch(d -> tasks.get(d).status == TaskStatus.DONE);
  }

  /** Pending tasks behind a dependency that ended without success can never run: skip them. */
  private void skipUnreachable() {
    boolean again = true;
    while (again) {
      again = false;
      for (TaskState t : tasks.values()) {
        if (t.status != TaskStatus.PENDING) {
          continue;
        }
        for (String dep : t.spec.dependsOn()) {
          TaskState d = tasks.get(dep);
          if (d.status.isFinal() && d.status != TaskStatus.DONE) {
            transition(t, TaskStatus.SKIPPED, "dependency '" + dep + "' " + d.status.wireName());
            again = true;
            break;
          }
        }
      }
    }
  }

  private void start(TaskState t) {
    TaskSpec spec = t.spec;
    Path output = folder.output(spec.name());
    List<String> argv = ArgvBuilder.build(spec, caps, options.codexBin(), output);
    Map<String, Path> depOutputs = new LinkedHashMap<>();
    spec.dependsOn().forEach(d -> depOutputs.put(d, folder.output(d)));
    String stdin =
        ArgvBuilder.readsPromptFromStdin(spec)
            ? Prompts.compose(facts.all(), depOutputs, spec.prompt())
            : null;
    try {
      Files.deleteIfExists(output);
      TaskLauncher.Launched launched =
          launcher.launch(
              argv,
              spec.cwd(),
              options.env(),
              stdin,
              folder.eventLog(spec.name()),
              folder.stderrLog(spec.name()),
              figures -> progressed(t, figures));
      synchronized (this) {
        t.argv = argv;
        t.handle = launched.child().handle();
        t.pid = launched.child().pid();
        t.pidStartedAt = launched.child().startedAt();
        if (spec.timeout() != null) {
          t.timeout =
              timer.schedule(() -> timedOut(t), spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        changed();
        onTransition.accept(t.snapshot());
        if (t.cancelReason != null) {
          killTree(t);
        }
      }
      metaWriter.taskChanged(spec.name(), true);
      launched.exit().thenAccept(exit -> exited(t, exit));
    } catch (IOException | RuntimeException e) {
      synchronized (this) {
        t.argv = argv;
        t.endedAt = Instant.now();
        transition(t, TaskStatus.FAILED, "cannot start codex: " + e.getMessage());
        afterFailure(t);
      }
      pump();
    }
  }

  private void progressed(TaskState t, TaskFigures figures) {
    t.figures = figures;
    synchronized (this) {
      changed();
    }
    metaWriter.taskChanged(t.spec.name(), false);
  }

  private void timedOut(TaskState t) {
    synchronized (this) {
      if (t.status != TaskStatus.RUNNING || t.cancelReason != null) {
        return;
      }
      t.timedOut = true;
    }
    killTree(t);
  }

  private void exited(TaskState t, TaskLauncher.Exit exit) {
    CompletableFuture<Void> kill;
    synchronized (this) {
      kill = t.killed;
    }
    if (kill != null && !kill.isDone()) {
      // Final only once the whole tree is gone: a grandchild that ignores SIGTERM must not
      // outlive a task reported cancelled or timed out.
      kill.whenComplete((ignored, error) -> exited(t, exit));
      return;
    }
    if (awaitsCancelAfterSignal(t, exit)) {
      timer.schedule(() -> exited(t, exit), SIGNAL_VERDICT_DELAY_MS, TimeUnit.MILLISECONDS);
      return;
    }
    if (exit.figures().lastAgentMessage() != null && exit.code() == 0) {
      writeFallbackOutput(t.spec.name(), exit.figures().lastAgentMessage());
    }
    synchronized (this) {
      if (t.timeout != null) {
        t.timeout.cancel(false);
      }
      t.figures = exit.figures();
      t.exitCode = exit.code();
      t.endedAt = Instant.now();
      if (t.cancelReason != null) {
        transition(t, TaskStatus.CANCELLED, t.cancelReason);
      } else if (!t.timedOut && exit.code() == 0 && exit.figures().failure() == null) {
        transition(t, TaskStatus.DONE, null);
      } else {
        String error =
            t.timedOut ? "timed out after " + DurationText.format(t.spec.timeout()) : errorOf(exit);
        RetryReason reason =
            t.timedOut ? RetryReason.TIMEOUT : FailureKind.of(error, exit.figures().events());
        if (!stopNewStarts && t.spec.retry().retries(reason, t.attemptErrors.size() + 1)) {
          retryLater(t, reason, error);
        } else {
          transition(t, TaskStatus.FAILED, error);
          afterFailure(t);
        }
      }
    }
    pump();
  }

  /**
   * A terminal's Ctrl+C (or hang-up) reaches the codex children too, one process group with
   * codex-par, and a child may die of it before codex-par's own handler cancels the run. A child
   * that ended of SIGHUP, SIGINT or SIGTERM (exit 128 + signal) without a cancel or timeout of ours
   * is judged a moment later, once: by then such a cancel has come, and the task ends cancelled,
   * not failed.
   */
  private boolean awaitsCancelAfterSignal(TaskState t, TaskLauncher.Exit exit) {
    synchronized (this) {
      if (!SIGNAL_EXITS.contains(exit.code())
          || t.cancelReason != null
          || t.timedOut
          || t.signalVerdictDelayed) {
        return false;
      }
      t.signalVerdictDelayed = true;
      return true;
    }
  }

  /** Keeps the failed attempt (its logs and error) and queues the next one after a backoff. */
  private void retryLater(TaskState t, RetryReason reason, String error) {
    int attempt = t.attemptErrors.size() + 1;
    Instant now = Instant.now();
    Duration wait = backoff(t.spec.retry().delay(), attempt);
    folder.keepAttempt(t.spec.name(), attempt);
    t.attemptErrors.add("attempt " + attempt + " (" + reason.wireName() + "): " + error);
    t.endedAt = null;
    t.timedOut = false;
    t.killed = null;
    t.signalVerdictDelayed = false;
    t.handle = null;
    t.retryAt = now.plus(wait);
    if (reason == RetryReason.RATE_LIMIT) {
      throttle(now);
    }
    transition(
        t,
        TaskStatus.PENDING,
        "attempt "
            + attempt
            + " failed ("
            + reason.wireName()
            + "): "
            + error
            + "; next attempt in "
            + DurationText.format(wait));
    pumpAt(t.retryAt);
  }

  /** Exponential (delay, 2x, 4x ...) with ±25 % jitter so retries of a batch spread out. */
  private static Duration backoff(Duration first, int attempt) {
    long base = first.toMillis() << Math.min(attempt - 1, 16);
    long capped = Math.min(base, MAX_BACKOFF.toMillis());
    double jitter = 0.75 + ThreadLocalRandom.current().nextDouble() * 0.5;
    return Duration.ofMillis(Math.max(1, (long) (capped * jitter)));
  }

  private static String errorOf(TaskLauncher.Exit exit) {
    if (exit.figures().failure() != null) {
      return exit.figures().failure();
    }
    String stderr = exit.lastStderrLine();
    String text = "codex exited " + exit.code() + (stderr == null ? "" : ": " + stderr);
    return text.length() > 500 ? text.substring(0, 499) + "…" : text;
  }

  /** Seed semantics: after a failure nothing new starts, unless keep-going. */
  private void afterFailure(TaskState failed) {
    if (options.keepGoing()) {
      return;
    }
    stopNewStarts = true;
    for (TaskState t : tasks.values()) {
      if (t.status == TaskStatus.PENDING) {
        transition(t, TaskStatus.SKIPPED, "not started: task '" + failed.spec.name() + "' failed");
      }
    }
  }

  /** Uses the last agent message when codex did not write the output file itself. */
  private void writeFallbackOutput(String task, String message) {
    Path output = folder.output(task);
    try {
      if (!Files.isRegularFile(output) || Files.size(output) == 0) {
        AtomicFile.write(output, message.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException | UncheckedIOException e) { // a full disk too: the task must still end
      // The task's status does not depend on the fallback; the log keeps the message.
    }
  }

  private void finishIfDone() {
    RunSnapshot last;
    synchronized (this) {
      if (finished.isDone()
          || !sealed
          || tasks.values().stream().anyMatch(t -> !t.status.isFinal())) {
        return;
      }
      endedAt = Instant.now();
      changed();
      last = snapshot(true);
    }
    metaWriter.flushAll(last.tasks().stream().map(TaskSnapshot::name).toList());
    try {
      folder.writeRun(last);
    } catch (UncheckedIOException e) {
      // A full disk must not keep the run from ending (its command would wait for good).
      System.getLogger(Run.class.getName())
          .log(System.Logger.Level.WARNING, "cannot write the run's meta: " + e.getCause());
    }
    ownership.close();
    finished.complete(last);
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
    changed();
    TaskSnapshot snap = t.snapshot();
    metaWriter.taskChanged(t.spec.name(), true);
    onTransition.accept(snap);
  }

  private void changed() {
    version++;
    notifyAll();
  }

  /** Mutable state of one task; guarded by the run's lock (figures are published by the pump). */
  private static final class TaskState {
    final TaskSpec spec;
    final int wave;
    TaskStatus status = TaskStatus.PENDING;
    volatile TaskFigures figures = TaskFigures.EMPTY;
    Instant startedAt;
    Instant endedAt;
    Long pid;
    Instant pidStartedAt;
    ProcessHandle handle;
    boolean signalVerdictDelayed;
    List<String> argv;
    Integer exitCode;
    String error;
    String cancelReason;
    boolean timedOut;
    ScheduledFuture<?> timeout;
    CompletableFuture<Void> killed;
    Instant retryAt;
    final List<String> attemptErrors = new ArrayList<>();

    TaskState(TaskSpec spec, int wave) {
      this.spec = spec;
      this.wave = wave;
    }

    void carryOver(TaskSnapshot done) {
      status = TaskStatus.DONE;
      figures = done.figures();
      startedAt = done.startedAt();
      endedAt = done.endedAt();
      pid = done.pid();
      pidStartedAt = done.pidStartedAt();
      argv = done.argv();
      exitCode = done.exitCode();
      attemptErrors.addAll(done.attemptErrors());
    }

    TaskSnapshot snapshot() {
      return new TaskSnapshot(
          spec.name(),
          wave,
          spec.dependsOn(),
          status,
          pid,
          pidStartedAt,
          startedAt,
          endedAt,
          figures,
          exitCode,
          error,
          argv,
          spec.agentId(),
          spec.threadId(),
          attemptErrors);
    }
  }
}
