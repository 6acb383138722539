package dev.codexpar.store;

import dev.codexpar.model.TaskFigures;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.model.TaskSteer;
import dev.codexpar.model.TaskTurn;
import dev.codexpar.model.VerifyRound;
import dev.codexpar.model.WorktreeInfo;
import java.time.Instant;
import java.util.List;

/**
 * The content of {@code logs/NAME.meta.json}. {@code turns} and {@code verify_rounds} are absent
 * from files of older codex-par versions: read as empty.
 *
 * @param worktree the task's git worktree (null for a task without one, and in files of older
 *     versions)
 * @param host the app-server its turn runs on (null for exec)
 * @param steers the messages sent into its running turns (absent from older files: empty)
 */
public record TaskMeta(
    String runId,
    String name,
    int wave,
    List<String> dependsOn,
    TaskStatus status,
    Long pid,
    Instant pidStartedAt,
    Instant startedAt,
    Instant endedAt,
    Long durationMs,
    long events,
    long inputTokens,
    long cachedInputTokens,
    long outputTokens,
    long reasoningOutputTokens,
    int files,
    int commands,
    String lastAction,
    long logBytesDropped,
    Integer exitCode,
    String error,
    String sessionId,
    List<String> argv,
    String agentId,
    String threadId,
    int attempts,
    List<String> attemptErrors,
    WorktreeInfo worktree,
    List<TaskTurn> turns,
    List<VerifyRound> verifyRounds,
    String host,
    List<TaskSteer> steers) {

  static TaskMeta of(String runId, TaskSnapshot t) {
    TaskFigures f = t.figures();
    return new TaskMeta(
        runId,
        t.name(),
        t.wave(),
        t.dependsOn(),
        t.status(),
        t.pid(),
        t.pidStartedAt(),
        t.startedAt(),
        t.endedAt(),
        t.endedAt() == null ? null : t.duration(t.endedAt()).toMillis(),
        f.events(),
        f.inputTokens(),
        f.cachedInputTokens(),
        f.outputTokens(),
        f.reasoningOutputTokens(),
        f.files(),
        f.commands(),
        f.lastAction(),
        f.logBytesDropped(),
        t.exitCode(),
        t.error(),
        f.sessionId(),
        t.argv(),
        t.agentId(),
        t.threadId(),
        t.attempts(),
        t.attemptErrors(),
        t.worktree(),
        t.turns(),
        t.verifyRounds(),
        t.host(),
        t.steers());
  }

  TaskSnapshot toSnapshot() {
    TaskFigures figures =
        new TaskFigures(
            events,
            inputTokens,
            cachedInputTokens,
            outputTokens,
            reasoningOutputTokens,
            files,
            commands,
            lastAction,
            sessionId,
            null,
            null,
            logBytesDropped);
    return new TaskSnapshot(
        name,
        wave,
        dependsOn == null ? List.of() : dependsOn,
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
        turns,
        verifyRounds,
        host,
        steers);
  }
}
