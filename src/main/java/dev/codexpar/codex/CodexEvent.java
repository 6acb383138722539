package dev.codexpar.codex;

import java.util.List;

/**
 * One line of {@code codex exec --json} output, in either schema: the current one ({@code
 * thread.started}, {@code item.completed}, ...) or the legacy one of codex ≤ 0.43 ({@code
 * {"id":"0","msg":{"type":...}}}), mapped onto the same events. Types this model does not know
 * become {@link Unknown}, so a newer codex never breaks the stream.
 */
public sealed interface CodexEvent {

  /** A new thread (legacy: {@code session_configured}); its id resumes the session later. */
  record ThreadStarted(String threadId) implements CodexEvent {}

  /** A turn began (legacy: {@code task_started}). */
  record TurnStarted() implements CodexEvent {}

  /**
   * Token usage reported. The current schema reports each turn once ({@code turn.completed});
   * legacy {@code token_count} reports running totals, so those are {@code cumulative} and replace
   * rather than add. Legacy {@code task_complete} arrives as an empty, non-cumulative usage.
   */
  record TurnCompleted(Usage usage, boolean cumulative) implements CodexEvent {}

  /** The turn failed; codex gives up on the task. */
  record TurnFailed(String message) implements CodexEvent {}

  record ItemStarted(Item item) implements CodexEvent {}

  record ItemUpdated(Item item) implements CodexEvent {}

  record ItemCompleted(Item item) implements CodexEvent {}

  /**
   * An error of the stream itself. Not fatal when codex retries ({@code Reconnecting...}, legacy
   * {@code stream_error}); a legacy {@code error} is fatal because old codex exits 0 after it.
   */
  record Error(String message, boolean fatal) implements CodexEvent {}

  /**
   * A JSON object that is no event this model knows: an unknown type, or (with an empty type) a
   * legacy non-event line such as the config summary or the {@code {"prompt":...}} echo.
   */
  record Unknown(String type) implements CodexEvent {}

  /** Token counts; input includes the cached part, output includes the reasoning part. */
  record Usage(long input, long cachedInput, long output, long reasoningOutput) {
    public static final Usage NONE = new Usage(0, 0, 0, 0);

    public Usage plus(Usage other) {
      return new Usage(
          input + other.input,
          cachedInput + other.cachedInput,
          output + other.output,
          reasoningOutput + other.reasoningOutput);
    }
  }

  /** What a thread item is about; the same item may be started, updated and completed. */
  sealed interface Item {
    record AgentMessage(String text) implements Item {}

    record Reasoning(String text) implements Item {}

    /**
     * A shell command as one string (legacy argv is joined, shell-quoted where needed); empty when
     * only the legacy end event (which names no command) is known.
     *
     * @param exitCode null while running
     * @param status {@code in_progress}, {@code completed}, {@code failed} or {@code declined}
     */
    record CommandExecution(String command, Integer exitCode, String status) implements Item {}

    /**
     * Files a patch touches; empty for the legacy end event, which names no paths.
     *
     * @param status {@code in_progress}, {@code completed} or {@code failed}
     */
    record FileChange(List<String> paths, String status) implements Item {
      public FileChange {
        paths = List.copyOf(paths);
      }
    }

    record McpToolCall(String server, String tool) implements Item {}

    record WebSearch(String query) implements Item {}

    record TodoList() implements Item {}

    /** A non-fatal error shown as an item (e.g. missing model metadata). */
    record ItemError(String message) implements Item {}

    record UnknownItem(String type) implements Item {}
  }
}
