package dev.codexpar.run;

import dev.codexpar.codex.RetryAfter;
import dev.codexpar.model.RetryReason;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.model.TaskTurn;
import dev.codexpar.model.VerifyRound;
import dev.codexpar.process.VerifyRunner;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a judged exit leads to: done, failed, cancelled, a retry after a backoff, or, for a task
 * with {@code verify}, verify rounds (the command run off the lock, a failed round resumed as a fix
 * turn). State changes go through the run, under its lock.
 */
final class TaskEnds {
  private final Run run;
  private final VerifyRunner verifier;
  private final Map<String, String> env;
  private final Slots slots;
  private final Wakeups wakeups;
  private final Backoff backoff = new Backoff(() -> ThreadLocalRandom.current().nextDouble());

  TaskEnds(
      Run run,
      RunServices services,
      Clock clock,
      Map<String, String> env,
      Slots slots,
      Wakeups wakeups) {
    this.run = run;
    this.verifier =
        new VerifyRunner(services.processTree(), services.timer(), services.launcher().io(), clock);
    this.env = env;
    this.slots = slots;
    this.wakeups = wakeups;
  }

  /** A child's exit, judged ({@link ExitFlow}): the task's new status. */
  void settle(TaskState t, TaskLauncher.Exit exit, ExitJudge.Judgement judged) {
    boolean verify = false;
    synchronized (run) {
      Instant now = Instant.now();
      t.exited(exit, now);
      t.turnEnded(turnStatus(judged.verdict()), now);
      switch (judged.verdict()) {
        case RETRY -> retryLater(t, judged.reason(), judged.error());
        case CANCELLED -> run.transition(t, TaskStatus.CANCELLED, t.cancelReason);
        case DONE -> {
          slots.succeeded(t.endedAt);
          verify = t.spec.verify() != null && t.turn.kind() != TaskTurn.Kind.FOLLOW_UP;
          if (verify) {
            t.verifying(t.verifyRounds.size() + 1);
            run.progressed(t);
          } else {
            run.transition(t, TaskStatus.DONE, null);
          }
        }
        default -> run.failed(t, judged.error());
      }
    }
    if (verify) {
      verify(t);
    } else {
      run.pump();
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
    synchronized (run) {
      if (t.cancelReason != null) {
        run.transition(t, TaskStatus.CANCELLED, t.cancelReason);
        round = 0;
      } else {
        round = t.verifyRounds.size() + 1;
      }
    }
    if (round == 0) {
      run.pump();
      return;
    }
    try {
      VerifyRunner.Running running =
          verifier.start(
              t.spec.verify().command(),
              t.worktreeCwd != null ? t.worktreeCwd : t.spec.cwd(), // where codex worked
              env,
              t.spec.verify().timeout(),
              round);
      synchronized (run) {
        t.verifying = running;
        if (t.cancelReason != null) {
          running.cancel();
        }
      }
      running.result().thenAccept(result -> verified(t, result));
    } catch (IOException | RuntimeException e) {
      synchronized (run) {
        run.failed(t, "cannot run verify: " + e.getMessage());
      }
      run.pump();
    }
  }

  /** A verify round's end: the task is done, resumed with what failed, or failed. */
  private void verified(TaskState t, VerifyRound round) {
    boolean fixTurn = false;
    synchronized (run) {
      t.verifying = null;
      t.verifyRounds.add(round);
      String session = t.figures.sessionId();
      VerifyLoop.Decision next = VerifyLoop.next(t.spec.verify(), t.verifyRounds);
      if (t.cancelReason != null) {
        run.transition(t, TaskStatus.CANCELLED, t.cancelReason);
      } else if (next instanceof VerifyLoop.Pass) {
        run.transition(t, TaskStatus.DONE, null);
      } else if (next instanceof VerifyLoop.Resume resume && session != null) {
        t.endedAt = null;
        t.turn =
            Attempts.Turn.resuming(
                t.turns.size() + 1, TaskTurn.Kind.VERIFY_FIX, session, resume.prompt());
        run.progressed(t);
        fixTurn = true;
      } else {
        run.failed(
            t,
            next instanceof VerifyLoop.Fail fail
                ? fail.error()
                : "verify failed and codex named no session to resume");
      }
    }
    if (fixTurn) {
      run.startTurn(t);
    } else {
      run.pump();
    }
  }

  /** Keeps the failed attempt's error and queues the next attempt after a backoff. */
  private void retryLater(TaskState t, RetryReason reason, String error) {
    Instant now = slots.now();
    Optional<Duration> retryAfter = RetryAfter.of(error);
    Duration wait = backoff.after(t.spec.retry().delay(), t.attemptErrors.size() + 1, retryAfter);
    if (reason == RetryReason.RATE_LIMIT) {
      // the limit grows back from then on
      wakeups.at(slots.rateLimited(now, t.lastTurnStartedAt(), retryAfter));
    }
    t.nextTurn = retryTurn(t, reason);
    run.transition(t, TaskStatus.PENDING, t.retryAfter(reason, error, wait, now));
    wakeups.at(t.retryAt);
  }

  /** A retry goes on in the failed attempt's session, or launches it again ({@link RetryStart}). */
  private static Attempts.Turn retryTurn(TaskState t, RetryReason reason) {
    int number = t.turns.size() + 1;
    if (RetryStart.of(reason, t.figures.sessionId()) instanceof RetryStart.Resume resume) {
      return Attempts.Turn.resuming(
          number, TaskTurn.Kind.RETRY, resume.sessionId(), resume.prompt());
    }
    return t.turn.again(number);
  }
}
