package dev.codexpar.codex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codexpar.codex.CodexEvent.Item;
import dev.codexpar.codex.CodexEvent.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The notifications of {@code codex app-server} (JSON-RPC, protocol v2 of codex 0.171: {@code
 * {"method":"item/completed","params":{...}}}) mapped onto the same {@link CodexEvent}s as {@code
 * codex exec --json}, so a task's figures do not depend on the transport. Only notifications that
 * exec also prints become events (the others, such as deltas and status changes, are empty), so
 * that the event count and every figure match:
 *
 * <ul>
 *   <li>{@code thread/started} → thread started; {@code turn/started} → turn started;
 *   <li>{@code item/started}, {@code item/completed} → the item, except the user's own message
 *       (exec does not echo it) and the start of agent messages and reasoning (exec prints those
 *       only when complete);
 *   <li>{@code thread/tokenUsage/updated} → usage, cumulative: its {@code total} is the thread's
 *       running sum, which equals exec's per-turn usage for a thread of one turn;
 *   <li>{@code turn/completed} with status {@code failed} → turn failed (completed or interrupted
 *       turns add nothing: their usage came before);
 *   <li>{@code error} → a stream error, fatal unless codex says it will retry;
 *   <li>{@code warning} of a thread → an error item (exec shows e.g. the missing model metadata
 *       that way).
 * </ul>
 */
final class AppServerSchema {
  private AppServerSchema() {}

  static Optional<CodexEvent> event(String method, JsonNode params) {
    CodexEvent event =
        switch (method) {
          case "thread/started" ->
              new CodexEvent.ThreadStarted(EventParser.text(params.path("thread"), "id"));
          case "turn/started" -> new CodexEvent.TurnStarted();
          case "item/started" -> started(params.path("item"));
          case "item/completed" -> completed(params.path("item"));
          case "thread/tokenUsage/updated" ->
              new CodexEvent.TurnCompleted(usage(params.path("tokenUsage").path("total")), true);
          case "turn/completed" -> turnCompleted(params.path("turn"));
          case "error" ->
              new CodexEvent.Error(
                  EventParser.text(params.path("error"), "message"),
                  !params.path("willRetry").asBoolean(false));
          case "warning" ->
              params.hasNonNull("threadId")
                  ? new CodexEvent.ItemCompleted(
                      new Item.ItemError(EventParser.text(params, "message")))
                  : null;
          default -> null;
        };
    return Optional.ofNullable(event);
  }

  private static CodexEvent started(JsonNode item) {
    return switch (EventParser.text(item, "type")) {
      case "userMessage", "agentMessage", "reasoning" -> null;
      default -> new CodexEvent.ItemStarted(item(item));
    };
  }

  private static CodexEvent completed(JsonNode item) {
    return "userMessage".equals(EventParser.text(item, "type"))
        ? null
        : new CodexEvent.ItemCompleted(item(item));
  }

  private static CodexEvent turnCompleted(JsonNode turn) {
    return "failed".equals(EventParser.text(turn, "status"))
        ? new CodexEvent.TurnFailed(EventParser.text(turn.path("error"), "message"))
        : null;
  }

  private static Item item(JsonNode item) {
    String type = EventParser.text(item, "type");
    return switch (type) {
      case "agentMessage" -> new Item.AgentMessage(EventParser.text(item, "text"));
      case "reasoning" -> new Item.Reasoning(joined(item.path("summary")));
      case "commandExecution" ->
          new Item.CommandExecution(
              EventParser.text(item, "command"),
              EventParser.exitCode(item.path("exitCode")),
              status(item));
      case "fileChange" ->
          new Item.FileChange(EventParser.changedPaths(item.path("changes")), status(item));
      case "mcpToolCall" ->
          new Item.McpToolCall(EventParser.text(item, "server"), EventParser.text(item, "tool"));
      case "webSearch" -> new Item.WebSearch(EventParser.text(item, "query"));
      case "plan" -> new Item.TodoList();
      default -> new Item.UnknownItem(type);
    };
  }

  /** v2 says {@code inProgress}; exec (and so the figures) {@code in_progress}. */
  private static String status(JsonNode item) {
    String status = EventParser.text(item, "status");
    return "inProgress".equals(status) ? "in_progress" : status;
  }

  private static Usage usage(JsonNode usage) {
    return new Usage(
        usage.path("inputTokens").asLong(0),
        usage.path("cachedInputTokens").asLong(0),
        usage.path("outputTokens").asLong(0),
        usage.path("reasoningOutputTokens").asLong(0));
  }

  private static String joined(JsonNode texts) {
    List<String> parts = new ArrayList<>();
    texts.forEach(part -> parts.add(part.asText()));
    return String.join("\n", parts);
  }
}
