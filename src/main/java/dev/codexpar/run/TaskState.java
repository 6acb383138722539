package dev.codexpar.run;

import dev.codexpar.model.TaskFigures;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

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

  String name() {
    return spec.name();
  }

  /** Takes over a task done by the earlier run that this one resumes. */
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

  /** Clears what belonged to the attempt that failed, before the next one. */
  void resetForRetry(String attemptError, Instant retryAt) {
    attemptErrors.add(attemptError);
    endedAt = null;
    timedOut = false;
    killed = null;
    signalVerdictDelayed = false;
    handle = null;
    this.retryAt = retryAt;
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
