package dev.codexpar.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One task's state at one moment; immutable.
 *
 * @param pid the codex child's pid while/after running, else null
 * @param pidStartedAt the OS start time of that pid (tells a live orphan from a reused pid)
 * @param error concise cause for failed, skipped and cancelled tasks
 * @param argv the exact codex argv (null before start)
 * @param attemptErrors the errors of earlier attempts that were retried, oldest first
 * @param worktree the task's git worktree ({@code worktree: true}), else null
 * @param turns the task's codex turns so far, oldest first (empty for a task that has not run)
 * @param verifyRounds the runs of its verify command so far, oldest first
 * @param host the app-server its current or last turn runs on, null for exec
 * @param steers the messages sent into its running turns, oldest first
 */
public record TaskSnapshot(
    String name,
    int wave,
    List<String> dependsOn,
    TaskStatus status,
    Long pid,
    Instant pidStartedAt,
    Instant startedAt,
    Instant endedAt,
    TaskFigures figures,
    Integer exitCode,
    String error,
    List<String> argv,
    String agentId,
    String threadId,
    List<String> attemptErrors,
    WorktreeInfo worktree,
    List<TaskTurn> turns,
    List<VerifyRound> verifyRounds,
    String host,
    List<TaskSteer> steers) {

  public TaskSnapshot {
    dependsOn = List.copyOf(dependsOn);
    argv = argv == null ? null : List.copyOf(argv);
    attemptErrors = attemptErrors == null ? List.of() : List.copyOf(attemptErrors);
    turns = turns == null ? List.of() : List.copyOf(turns);
    verifyRounds = verifyRounds == null ? List.of() : List.copyOf(verifyRounds);
    steers = steers == null ? List.of() : List.copyOf(steers);
  }

  /** A task without a worktree, turns or verify rounds recorded. */
  public TaskSnapshot(
      String name,
      int wave,
      List<String> dependsOn,
      TaskStatus status,
      Long pid,
      Instant pidStartedAt,
      Instant startedAt,
      Instant endedAt,
      TaskFigures figures,
      Integer exitCode,
      String error,
      List<String> argv,
      String agentId,
      String threadId,
      List<String> attemptErrors) {
    this(
        name,
        wave,
        dependsOn,
        status,
        pid,
        pidStartedAt,
        startedAt,
        endedAt,
        figures,
        exitCode,
        error,
        argv,
        agentId,
        threadId,
        attemptErrors,
        null,
        List.of(),
        List.of(),
        null,
        List.of());
  }

  /** The same state with the given turns and verify rounds. */
  public TaskSnapshot withTurns(List<TaskTurn> newTurns, List<VerifyRound> newRounds) {
    return new TaskSnapshot(
        name,
        wave,
        dependsOn,
        status,
        pid,
        pidStartedAt,
        startedAt,
        endedAt,
        figures,
        exitCode,
        error,
        argv,
        agentId,
        threadId,
        attemptErrors,
        worktree,
        newTurns,
        newRounds,
        host,
        steers);
  }

  public TaskSnapshot withWorktree(WorktreeInfo newWorktree) {
    return new TaskSnapshot(
        name,
        wave,
        dependsOn,
        status,
        pid,
        pidStartedAt,
        startedAt,
        endedAt,
        figures,
        exitCode,
        error,
        argv,
        agentId,
        threadId,
        attemptErrors,
        newWorktree,
        turns,
        verifyRounds,
        host,
        steers);
  }

  /** Attempts made so far: the failed earlier ones, plus the current or last one if it started. */
  public int attempts() {
    boolean current = startedAt != null && status != TaskStatus.PENDING;
    return attemptErrors.size() + (current ? 1 : 0);
  }

  /** Wall time so far (running) or in all (final); null before start. */
  public Duration duration(Instant now) {
    if (startedAt == null) {
      return null;
    }
    return Duration.between(startedAt, endedAt != null ? endedAt : now);
  }

  public TaskSnapshot withStatus(TaskStatus newStatus, String newError) {
    return new TaskSnapshot(
        name,
        wave,
        dependsOn,
        newStatus,
        pid,
        pidStartedAt,
        startedAt,
        endedAt,
        figures,
        exitCode,
        newError,
        argv,
        agentId,
        threadId,
        attemptErrors,
        worktree,
        turns,
        verifyRounds,
        host,
        steers);
  }
}
