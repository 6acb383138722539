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
 * @param failure the message of a fatal event (turn.failed, or a legacy error), else null
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
    String failure) {
  public static final TaskFigures EMPTY =
      new TaskFigures(0, 0, 0, 0, 0, 0, 0, null, null, null, null);
}
