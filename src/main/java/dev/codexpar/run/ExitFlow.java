package dev.codexpar.run;

import dev.codexpar.git.GitException;
import dev.codexpar.model.WorktreeInfo;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What comes between a child's exit and its task's new status: our kill of its tree must be over (a
 * grandchild that ignores SIGTERM must not outlive a task reported cancelled or timed out), a
 * signal exit waits for the cancel the same signal brings us ({@link ExitJudge}), and the attempt's
 * files are settled off the run's lock (the fallback output, a retried attempt's logs kept before
 * the next attempt writes its own, a done task's worktree committed, on the I/O pool).
 */
final class ExitFlow {
  /** Applies the judgement to the task, under the run's lock. */
  interface Settle {
    void settle(TaskState t, TaskLauncher.Exit exit, ExitJudge.Judgement judged);
  }

  private final Object lock;
  private final ScheduledExecutorService timer;
  private final Executor io;
  private final Attempts attempts;
  private final Function<TaskState, ExitJudge.Attempt> attempt;
  private final Settle settle;

  /**
   * @param lock the run's lock, which guards the task's state
   * @param attempt the attempt as the judge sees it, read under the lock
   */
  ExitFlow(
      Object lock,
      RunServices services,
      Attempts attempts,
      Function<TaskState, ExitJudge.Attempt> attempt,
      Settle settle) {
    this.lock = lock;
    this.timer = services.timer();
    this.io = services.io();
    this.attempts = attempts;
    this.attempt = attempt;
    this.settle = settle;
  }

  void exited(TaskState t, TaskLauncher.Exit exit) {
    CompletableFuture<Void> kill;
    ExitJudge.Judgement judged;
    synchronized (lock) {
      kill = t.killed;
      judged = ExitJudge.judge(exit, attempt.apply(t));
    }
    if (kill != null && !kill.isDone()) {
      kill.whenComplete((ignored, error) -> exited(t, exit));
      return;
    }
    if (judged.verdict() == ExitJudge.Verdict.AWAIT_CANCEL) {
      synchronized (lock) {
        t.signalVerdictDelayed = true;
      }
      long delay = ExitJudge.SIGNAL_VERDICT_DELAY.toMillis();
      timer.schedule(() -> exited(t, exit), delay, TimeUnit.MILLISECONDS);
      return;
    }
    if (exit.code() == 0) {
      boolean done = judged.verdict() == ExitJudge.Verdict.DONE;
      attempts.turnEnded(t.name(), t.turn, exit.figures().lastAgentMessage(), done);
    }
    if (judged.verdict() == ExitJudge.Verdict.RETRY) {
      attempts.keep(t.name(), t.attemptErrors.size() + 1);
    }
    WorktreeInfo worktree;
    synchronized (lock) {
      worktree = t.worktree;
    }
    if (judged.verdict() == ExitJudge.Verdict.DONE && worktree != null) {
      io.execute(() -> settle.settle(t, exit, committed(t, worktree, judged)));
    } else {
      settle.settle(t, exit, judged);
    }
  }

  /**
   * Commits the done task's worktree, recorded on the task before its final status (so the meta
   * that says done has the change); a commit git refuses fails the task.
   */
  private ExitJudge.Judgement committed(
      TaskState t, WorktreeInfo worktree, ExitJudge.Judgement done) {
    try {
      WorktreeInfo head = attempts.commit(t.name(), worktree);
      synchronized (lock) {
        t.worktree = head;
      }
      return done;
    } catch (GitException e) {
      return new ExitJudge.Judgement(
          ExitJudge.Verdict.FAILED, "cannot commit its worktree: " + e.getMessage(), null);
    }
  }
}
