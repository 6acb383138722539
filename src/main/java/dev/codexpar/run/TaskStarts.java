package dev.codexpar.run;

import dev.codexpar.git.GitException;
import dev.codexpar.git.RunWorktrees;
import dev.codexpar.model.TaskFigures;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.model.TaskSteer;
import dev.codexpar.model.TaskTurn;
import dev.codexpar.model.Transport;
import dev.codexpar.model.WorktreeInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Starts a task's turn that a slot took: in its worktree (made, or put back to its base, off the
 * run's lock), else in its own cwd; then watches its progress, its timeout and its exit. State
 * changes go through the run, under its lock; git and codex are called outside it.
 */
final class TaskStarts {
  private final Run run;
  private final Attempts attempts;
  private final ExitFlow exits;
  private final Duration killGrace;

  /** Whether the run's transport can steer a running turn (app-server). */
  private final boolean steerable;

  private final ScheduledExecutorService timer;
  private final Executor io;

  TaskStarts(Run run, Attempts attempts, ExitFlow exits, RunServices services, RunOptions options) {
    this.run = run;
    this.attempts = attempts;
    this.exits = exits;
    this.killGrace = options.killGrace();
    this.steerable = options.transport() == Transport.APP_SERVER;
    this.timer = services.timer();
    this.io = services.io();
  }

  /** Starts the task's {@link TaskState#turn}, set under the lock by whoever chose it. */
  void start(TaskState t) {
    boolean fresh;
    synchronized (run) {
      fresh = t.turn.startsTask();
    }
    if (t.spec.worktree() && fresh) {
      io.execute(() -> startInWorktree(t)); // git is slow to wait for here
    } else {
      launch(t, t.worktreeCwd != null ? t.worktreeCwd : t.spec.cwd());
    }
  }

  /**
   * Under the lock: stops the running task's turn, once: its tree killed (a child not started yet
   * is killed at its start) and its verify command cancelled; its exit then reports it cancelled.
   */
  void cancel(TaskState t, String reason) {
    if (t.cancelReason == null) {
      t.cancelReason = reason;
      kill(t);
      if (t.verifying != null) {
        t.verifying.cancel();
      }
    }
  }

  private void kill(TaskState t) {
    t.kill(killGrace);
  }

  /**
   * Sends a message into the task's running turn; completes once the app-server took it, and the
   * task's meta then records it.
   *
   * @throws SteerException when the task is unknown, not running, or not steerable
   */
  CompletableFuture<Void> steer(String name, String message) {
    StartedTask.Steering steering;
    TaskState t;
    synchronized (run) {
      t = run.task(name);
      boolean running = t != null && t.stopper != null;
      SteerException.check(run.id(), name, t == null ? null : t.status, running, steerable);
      steering = t.steering;
    }
    return steering
        .steer(message)
        .thenRun(
            () -> {
              synchronized (run) {
                t.steers.add(new TaskSteer(Instant.now(), message));
                run.progressed(t);
              }
            });
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
    synchronized (run) {
      made = t.worktree;
      dependencies = t.spec.dependsOn().stream().map(d -> run.task(d).snapshot()).toList();
    }
    Path cwd;
    try {
      if (made == null) {
        RunWorktrees.Prepared prepared = worktrees.prepare(t.name(), t.spec.cwd(), dependencies);
        cwd = prepared.cwd();
        synchronized (run) {
          t.worktree = prepared.worktree();
          t.worktreeCwd = cwd;
          run.progressed(t); // the meta shows it at once
        }
      } else {
        worktrees.reset(made);
        synchronized (run) {
          cwd = t.worktreeCwd;
        }
      }
    } catch (GitException e) {
      failedToStart(t, null, e.getMessage());
      return;
    }
    boolean cancelled;
    synchronized (run) {
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
    synchronized (run) {
      turn = t.turn;
      lastDone = t.lastDoneTurn();
    }
    if (turn.kind() == TaskTurn.Kind.FORK && turn.continuation() == null) {
      failedToStart(t, null, "fork_from task '" + t.spec.forkFrom() + "' named no codex session");
      return;
    }
    List<String> argv = attempts.argv(t.spec, turn);
    CompletableFuture<StartedTask> starting; // an app-server's start completes later
    try {
      starting = attempts.launch(t.spec, argv, turn, lastDone, cwd, f -> progressed(t, f));
    } catch (IOException | RuntimeException e) {
      starting = CompletableFuture.failedFuture(e);
    }
    starting.whenComplete(
        (launched, error) -> {
          if (error != null) {
            Throwable cause = error instanceof CompletionException c ? c.getCause() : error;
            failedToStart(t, argv, "cannot start codex: " + cause.getMessage());
          } else {
            started(t, argv, launched);
          }
        });
  }

  private void started(TaskState t, List<String> argv, StartedTask launched) {
    synchronized (run) {
      t.started(argv, launched, timer, () -> timedOut(t));
      run.announced(t);
      if (t.cancelReason != null) {
        kill(t);
      }
    }
    launched.exit().thenAccept(exit -> exits.exited(t, exit));
  }

  /** The task ends failed (or cancelled, if that was asked meanwhile) before any process ran. */
  private void failedToStart(TaskState t, List<String> argv, String error) {
    synchronized (run) {
      t.argv = argv;
      t.endedAt = Instant.now();
      if (t.cancelReason != null) {
        run.transition(t, TaskStatus.CANCELLED, t.cancelReason);
      } else {
        run.failed(t, error);
      }
    }
    run.pump();
  }

  private void progressed(TaskState t, TaskFigures figures) {
    t.figures = figures;
    synchronized (run) {
      run.progressed(t);
    }
  }

  private void timedOut(TaskState t) {
    synchronized (run) {
      if (t.status != TaskStatus.RUNNING || t.cancelReason != null) {
        return;
      }
      t.timedOut = true;
      kill(t);
    }
  }
}
