package dev.codexpar.run;

import dev.codexpar.codex.Continuation;
import dev.codexpar.model.RetryReason;
import dev.codexpar.model.TaskFigures;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.model.TaskSteer;
import dev.codexpar.model.TaskTurn;
import dev.codexpar.model.Transport;
import dev.codexpar.model.VerifyRound;
import dev.codexpar.model.WorktreeInfo;
import dev.codexpar.plan.DurationText;
import dev.codexpar.process.VerifyRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Mutable state of one task of a {@link Run}; guarded by the run's lock (figures are volatile). */
final class TaskState {
  final TaskSpec spec;
  final int wave;
  TaskStatus status = TaskStatus.PENDING;
  volatile TaskFigures figures = TaskFigures.EMPTY;
  Instant startedAt;
  Instant endedAt;
  Long pid;
  Instant pidStartedAt;

  /** The app-server its turn runs on (null for exec). */
  String host;

  /** Ends the running turn (cancel, timeout); null while none runs. */
  StartedTask.Stopper stopper;

  /** Sends a message into the running turn; null while none runs, and on exec. */
  StartedTask.Steering steering;

  /** The messages sent into its turns, oldest first. */
  final List<TaskSteer> steers = new ArrayList<>();

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

  /** The run's version at this task's last change (a client asks what changed since one). */
  long changedIn;

  /** The task's git worktree once made ({@code worktree: true}), its head once committed. */
  WorktreeInfo worktree;

  /** Where codex runs in the worktree: the place of the task's {@code cwd} in the repository. */
  Path worktreeCwd;

  /** The turns that ended, oldest first. */
  final List<TaskTurn> turns = new ArrayList<>();

  final List<VerifyRound> verifyRounds = new ArrayList<>();

  /** The turn running now, or the last one launched; null before the first. */
  Attempts.Turn turn;

  /** When {@link #turn} started; null when it is not running. */
  Instant turnStartedAt;

  /** The turn to launch next in place of the task's own (a retry, a verify fix, a follow-up). */
  Attempts.Turn nextTurn;

  /** The verify command running now, else null. */
  VerifyRunner.Running verifying;

  TaskState(TaskSpec spec, int wave) {
    this.spec = spec;
    this.wave = wave;
  }

  String name() {
    return spec.name();
  }

  /**
   * Takes over a task as an earlier run ended it: done, for a run that resumes that one; as it was,
   * for the run reopened for a follow-up.
   */
  void carryOver(TaskSnapshot done) {
    status = done.status();
    error = done.error();
    figures = done.figures();
    startedAt = done.startedAt();
    endedAt = done.endedAt();
    pid = done.pid();
    pidStartedAt = done.pidStartedAt();
    host = done.host();
    argv = done.argv();
    exitCode = done.exitCode();
    attemptErrors.addAll(done.attemptErrors());
    worktree = done.worktree();
    turns.addAll(done.turns());
    verifyRounds.addAll(done.verifyRounds());
    steers.addAll(done.steers());
  }

  /** The number of the task's last done turn, 0 for none. */
  int lastDoneTurn() {
    return turns.stream()
        .filter(x -> x.status() == TaskStatus.DONE)
        .mapToInt(TaskTurn::turn)
        .max()
        .orElse(0);
  }

  /** When the last ended turn started; null before one ended. */
  Instant lastTurnStartedAt() {
    return turns.isEmpty() ? null : turns.get(turns.size() - 1).startedAt();
  }

  /** The running turn as it ends with {@code status}: recorded with its process's figures. */
  void turnEnded(TaskStatus status, Instant now) {
    if (turnStartedAt != null) {
      turns.add(turnRecord(status, now));
      turnStartedAt = null;
    }
  }

  private TaskTurn turnRecord(TaskStatus turnStatus, Instant end) {
    TaskFigures f = figures;
    return new TaskTurn(
        turn.number(),
        turn.kind(),
        TaskTurn.summarize(turn.prompt() == null ? spec.prompt() : turn.prompt()),
        turnStartedAt,
        end,
        f.inputTokens(),
        f.cachedInputTokens(),
        f.outputTokens(),
        turnStatus,
        f.sessionId() != null ? f.sessionId() : sessionOf(turn));
  }

  private static String sessionOf(Attempts.Turn turn) {
    return turn.continuation() == null || turn.kind() == TaskTurn.Kind.FORK
        ? null
        : turn.continuation().sessionId();
  }

  /** While its verify command runs, the task's last action names the round. */
  void verifying(int round) {
    TaskFigures f = figures;
    figures =
        new TaskFigures(
            f.events(),
            f.inputTokens(),
            f.cachedInputTokens(),
            f.outputTokens(),
            f.reasoningOutputTokens(),
            f.files(),
            f.commands(),
            "verify " + round + "/" + spec.verify().rounds(),
            f.sessionId(),
            f.lastAgentMessage(),
            f.failure(),
            f.logBytesDropped());
  }

  /**
   * Becomes a follow-up turn continuing the task's codex session with {@code prompt}: running, its
   * transition coming with the new process.
   *
   * @param transport the transport of the run the turn would run in
   * @throws FollowUpRefused as {@link #refuseFollowUp}
   */
  void followUp(String prompt, Transport transport) {
    refuseFollowUp(snapshot(), transport);
    String session = figures.sessionId();
    turn = Attempts.Turn.resuming(turns.size() + 1, TaskTurn.Kind.FOLLOW_UP, session, prompt);
    followUpStarts();
    status = TaskStatus.RUNNING;
  }

  /**
   * Refuses a follow-up of {@code t} when the task is not done or failed, has no session codex-par
   * can continue (none, or a thread on a remote app-server), or would run on the app-server
   * transport, which does not continue sessions. Pure: a run reopened for a follow-up asks it
   * before it changes anything.
   *
   * @param transport the transport of the run the turn would run in
   * @throws FollowUpRefused naming the task and why
   */
  static void refuseFollowUp(TaskSnapshot t, Transport transport) {
    if (!t.status().isFinal()) {
      throw new FollowUpRefused(
          FollowUpRefused.Reason.TASK_BUSY,
          "task '"
              + t.name()
              + "' is "
              + t.status().wireName()
              + ": ask again once it is done or failed");
    }
    if (t.figures().sessionId() == null) {
      throw new FollowUpRefused(
          FollowUpRefused.Reason.NO_SESSION,
          "task '" + t.name() + "' has no codex session to continue (codex never started one)");
    }
    if (t.host() != null && t.pid() == null) {
      throw new FollowUpRefused(
          FollowUpRefused.Reason.NO_SESSION,
          "task '"
              + t.name()
              + "' ran as a thread of the app-server at "
              + t.host()
              + ", where its session stays: codex-par cannot continue it (a task run on this"
              + " machine can be asked follow-ups)");
    }
    if (transport == Transport.APP_SERVER) {
      throw new FollowUpRefused(
          FollowUpRefused.Reason.RUN_ON_APP_SERVER,
          "task '"
              + t.name()
              + "' runs on the app-server transport, which does not continue a codex session: ask"
              + " again once the run is over (its session then goes on with codex exec resume)");
    }
  }

  /**
   * The turn the task launches now: the one a retry, verify round or follow-up set, else its first
   * (a fork of its {@code fork_from} task's session, done as a dependency).
   */
  private Attempts.Turn takeNextTurn(Function<String, String> sessions) {
    Attempts.Turn next = nextTurn;
    nextTurn = null;
    if (next != null) {
      return next;
    }
    int number = turns.size() + 1;
    if (spec.forkFrom() == null) {
      return new Attempts.Turn(number, TaskTurn.Kind.START, null, null);
    }
    String upstream = sessions.apply(spec.forkFrom());
    return new Attempts.Turn(
        number, TaskTurn.Kind.FORK, upstream == null ? null : Continuation.fork(upstream), null);
  }

  /** A follow-up turn starts: the last one's end and kill are forgotten. */
  private void followUpStarts() {
    endedAt = null;
    cancelReason = null;
    timedOut = false;
    killed = null;
    stopped();
    signalVerdictDelayed = false;
    error = null;
  }

  /**
   * Taken by a slot at {@code now} (a retry keeps its first start time), with the turn it launches.
   *
   * @param sessions the codex session a task of the run last named, or null
   */
  void starting(Instant now, Function<String, String> sessions) {
    status = TaskStatus.RUNNING;
    retryAt = null;
    startedAt = startedAt == null ? now : startedAt;
    turn = takeNextTurn(sessions);
  }

  /** The attempt as the exit judge needs it; a retry only while new starts are allowed. */
  ExitJudge.Attempt attempt(boolean newStartsAllowed) {
    int attempt = attemptErrors.size() + 1;
    return new ExitJudge.Attempt(
        cancelReason != null,
        timedOut,
        spec.timeout(),
        signalVerdictDelayed,
        reason -> newStartsAllowed && spec.retry().retries(reason, attempt));
  }

  /** Its turn started; {@code onTimeout} runs when the task's timeout is up. */
  void started(
      List<String> argv, StartedTask task, ScheduledExecutorService timer, Runnable onTimeout) {
    this.argv = argv;
    turnStartedAt = Instant.now();
    stopper = task.stopper();
    steering = task.steering();
    host = task.host();
    pid = task.process() == null ? null : task.process().pid();
    pidStartedAt = task.processStartedAt();
    if (spec.timeout() != null) {
      timeout = timer.schedule(onTimeout, spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  void exited(TaskLauncher.Exit exit, Instant now) {
    if (timeout != null) {
      timeout.cancel(false);
    }
    figures = exit.figures();
    exitCode = exit.code();
    stopped(); // a kill under way goes on (killed)
    endedAt = now;
  }

  boolean isFinal() {
    return status.isFinal();
  }

  /**
   * Starts stopping the turn (an exec child's tree killed; an app-server's turn interrupted, then
   * its tree), once; a turn not started yet is stopped at its start.
   */
  void kill(Duration grace) {
    if (stopper != null && killed == null) {
      killed = stopper.stop(grace);
    }
  }

  /** Its turn is over: nothing left to stop or steer. */
  void stopped() {
    stopper = null;
    steering = null;
  }

  /**
   * Keeps the failed attempt's error and clears what belonged to it, for a next attempt after
   * {@code wait}.
   *
   * @return the task's error while it waits
   */
  String retryAfter(RetryReason reason, String error, Duration wait, Instant now) {
    int attempt = attemptErrors.size() + 1;
    attemptErrors.add("attempt " + attempt + " (" + reason.wireName() + "): " + error);
    endedAt = null;
    timedOut = false;
    killed = null;
    signalVerdictDelayed = false;
    stopped();
    retryAt = now.plus(wait);
    return "attempt "
        + attempt
        + " failed ("
        + reason.wireName()
        + "): "
        + error
        + "; next attempt in "
        + DurationText.format(wait);
  }

  TaskSnapshot snapshot() {
    List<TaskTurn> shown = new ArrayList<>(turns);
    if (turnStartedAt != null) {
      shown.add(turnRecord(TaskStatus.RUNNING, null));
    }
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
        attemptErrors,
        worktree,
        shown,
        verifyRounds,
        host,
        steers);
  }
}
