package dev.codexpar.model;

/**
 * What a task's codex event stream has shown so far. Immutable snapshot.
 *
 * @param events events parsed (every JSON line of the stream, known or not)
 * @param inputTokens input tokens (including cached ones)
 * @param cachedInputTokens the cached part of the input tokens
 * @param outputTokens output tokens (including reasoning ones)
 * @param reasoningOutputTokens the reasoning part of the output tokens
 * @param files distinct files changed
 * @param commands commands run
 * @param lastAction readable last action, e.g. {@code RUN ls -la}, {@code EDIT src/A.java}
 * @param sessionId codex's thread / session id
 * @param lastAgentMessage the last agent message (the fallback output)
 * @param failure the message of a fatal event (turn.failed, or a legacy error), or of a log that
 *     could not be written (a full disk), else null
 * @param logBytesDropped bytes dropped from the head of the task's logs to keep them under the log
 *     cap (0: the logs are whole)
 */
public record TaskFigures(
    long events,
    long inputTokens,
    long cachedInputTokens,
    long outputTokens,
    long reasoningOutputTokens,
    int files,
    int commands,
    String lastAction,
    String sessionId,
    String lastAgentMessage,
    String failure,
    long logBytesDropped) {
  public static final TaskFigures EMPTY =
      new TaskFigures(0, 0, 0, 0, 0, 0, 0, null, null, null, null, 0);

  /** These figures with what the logs' writer knows: bytes dropped, and a failure that wins. */
  public TaskFigures withLogs(long dropped, String logFailure) {
    return new TaskFigures(
        events,
        inputTokens,
        cachedInputTokens,
        outputTokens,
        reasoningOutputTokens,
        files,
        commands,
        lastAction,
        sessionId,
        lastAgentMessage,
        logFailure != null ? logFailure : failure,
        dropped);
  }
}
