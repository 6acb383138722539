package dev.codexpar.codex;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexpar.codex.CodexEvent.Item;
import dev.codexpar.codex.CodexEvent.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one stdout line of {@code codex exec --json} into a {@link CodexEvent}; stateless and
 * thread-safe, never throws. A line that is a notification of {@code codex app-server} ({@code
 * {"method":...,"params":...}}, as the app-server transport logs them) is read by {@link
 * AppServerSchema}: an event where exec prints one, else empty.
 *
 * <ul>
 *   <li>blank lines, text that is not a JSON object, and JSON that is not an object: empty;
 *   <li>any JSON object: an event, {@link CodexEvent.Unknown} when not a known one (legacy codex
 *       prints a config summary and a {@code {"prompt":...}} line first: {@code Unknown("")});
 *   <li>a line that starts like a JSON object but does not parse (e.g. cut by a line limit): {@code
 *       Unknown} with the type read from its start, if any, since it still was an event.
 * </ul>
 */
public final class EventParser {
  /** Lines are capped by the reader well below this; the default limit would refuse big texts. */
  private static final int MAX_STRING_CHARS = 64 * 1024 * 1024;

  /** The type at the start of a cut event line, in either schema. */
  private static final Pattern LEADING_TYPE =
      Pattern.compile(
          "^\\s*\\{\\s*(?:\"id\"\\s*:\\s*\"[^\"]*\"\\s*,\\s*\"msg\"\\s*:\\s*\\{\\s*)?"
              + "\"type\"\\s*:\\s*\"([\\w.]{1,64})\"");

  private static final int LEADING_TYPE_WINDOW = 300;

  private static final String SHELL_SPECIAL = "'\"\\$`;&|<>()*?#~";

  private final ObjectMapper mapper =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder().maxStringLength(MAX_STRING_CHARS).build())
              .build());

  public Optional<CodexEvent> parse(String line) {
    if (line == null || !startsLikeObject(line)) {
      return Optional.empty();
    }
    JsonNode node;
    try {
      node = mapper.readTree(line);
    } catch (JsonProcessingException e) {
      return Optional.of(new CodexEvent.Unknown(leadingType(line)));
    }
    if (node == null || !node.isObject()) {
      return Optional.empty();
    }
    JsonNode method = node.get("method");
    if (method != null && method.isTextual() && !node.has("type")) {
      return AppServerSchema.event(method.textValue(), node.path("params"));
    }
    JsonNode legacy = node.get("msg");
    if (legacy != null && legacy.isObject() && !node.has("type")) {
      return Optional.of(legacyEvent(legacy));
    }
    return Optional.of(event(node));
  }

  private static boolean startsLikeObject(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (!Character.isWhitespace(c)) {
        return c == '{';
      }
    }
    return false;
  }

  private static String leadingType(String line) {
    Matcher m =
        LEADING_TYPE.matcher(line.substring(0, Math.min(line.length(), LEADING_TYPE_WINDOW)));
    return m.find() ? m.group(1) : "";
  }

  private static CodexEvent event(JsonNode node) {
    String type = text(node, "type");
    return switch (type) {
      case "thread.started" -> new CodexEvent.ThreadStarted(text(node, "thread_id"));
      case "turn.started" -> new CodexEvent.TurnStarted();
      case "turn.completed" -> new CodexEvent.TurnCompleted(usage(node.path("usage")), false);
      case "turn.failed" -> new CodexEvent.TurnFailed(text(node.path("error"), "message"));
      case "item.started" -> new CodexEvent.ItemStarted(item(node.path("item")));
      case "item.updated" -> new CodexEvent.ItemUpdated(item(node.path("item")));
      case "item.completed" -> new CodexEvent.ItemCompleted(item(node.path("item")));
      case "error" -> {
        String message = text(node, "message");
        // codex reports its own retries as errors; only the final failure is fatal
        yield new CodexEvent.Error(message, !message.startsWith("Reconnecting"));
      }
      default -> new CodexEvent.Unknown(type);
    };
  }

  private static Item item(JsonNode item) {
    String type = text(item, "type");
    return switch (type) {
      case "agent_message" -> new Item.AgentMessage(text(item, "text"));
      case "reasoning" -> new Item.Reasoning(text(item, "text"));
      case "command_execution" ->
          new Item.CommandExecution(
              text(item, "command"), exitCode(item.path("exit_code")), text(item, "status"));
      case "file_change" ->
          new Item.FileChange(changedPaths(item.path("changes")), text(item, "status"));
      case "mcp_tool_call" -> new Item.McpToolCall(text(item, "server"), text(item, "tool"));
      case "web_search" -> new Item.WebSearch(text(item, "query"));
      case "todo_list" -> new Item.TodoList();
      case "error" -> new Item.ItemError(text(item, "message"));
      default -> new Item.UnknownItem(type);
    };
  }

  private static CodexEvent legacyEvent(JsonNode msg) {
    String type = text(msg, "type");
    return switch (type) {
      case "session_configured" -> new CodexEvent.ThreadStarted(text(msg, "session_id"));
      case "task_started" -> new CodexEvent.TurnStarted();
      case "agent_reasoning" -> new CodexEvent.ItemCompleted(new Item.Reasoning(text(msg, "text")));
      case "agent_message" ->
          new CodexEvent.ItemCompleted(new Item.AgentMessage(text(msg, "message")));
      case "exec_command_begin" ->
          new CodexEvent.ItemStarted(
              new Item.CommandExecution(joinArgv(msg.path("command")), null, "in_progress"));
      case "exec_command_end" -> {
        Integer exitCode = exitCode(msg.path("exit_code"));
        String status = exitCode != null && exitCode == 0 ? "completed" : "failed";
        yield new CodexEvent.ItemCompleted(new Item.CommandExecution("", exitCode, status));
      }
      case "patch_apply_begin" ->
          new CodexEvent.ItemStarted(
              new Item.FileChange(fieldNames(msg.path("changes")), "in_progress"));
      case "patch_apply_end" ->
          new CodexEvent.ItemCompleted(
              new Item.FileChange(
                  List.of(), msg.path("success").asBoolean(false) ? "completed" : "failed"));
      case "mcp_tool_call_begin", "mcp_tool_call_end" -> {
        JsonNode invocation = msg.path("invocation");
        Item call = new Item.McpToolCall(text(invocation, "server"), text(invocation, "tool"));
        yield type.endsWith("begin")
            ? new CodexEvent.ItemStarted(call)
            : new CodexEvent.ItemCompleted(call);
      }
      case "web_search_end" -> new CodexEvent.ItemCompleted(new Item.WebSearch(text(msg, "query")));
      case "token_count" -> {
        JsonNode totals = msg.path("info").path("total_token_usage");
        // token_count without info only carries rate limits
        yield totals.isObject()
            ? new CodexEvent.TurnCompleted(usage(totals), true)
            : new CodexEvent.Unknown(type);
      }
      case "task_complete" -> new CodexEvent.TurnCompleted(Usage.NONE, false);
      case "error" -> new CodexEvent.Error(text(msg, "message"), true);
      case "stream_error" -> new CodexEvent.Error(text(msg, "message"), false);
      default -> new CodexEvent.Unknown(type);
    };
  }

  private static Usage usage(JsonNode usage) {
    return new Usage(
        usage.path("input_tokens").asLong(0),
        usage.path("cached_input_tokens").asLong(0),
        usage.path("output_tokens").asLong(0),
        usage.path("reasoning_output_tokens").asLong(0));
  }

  /** An exit code when the field is a whole number, else null (exec and app-server alike). */
  static Integer exitCode(JsonNode value) {
    return value.isIntegralNumber() ? value.intValue() : null;
  }

  /** The paths of a file change item's {@code changes} (exec and app-server alike). */
  static List<String> changedPaths(JsonNode changes) {
    List<String> paths = new ArrayList<>();
    for (JsonNode change : changes) {
      String path = text(change, "path");
      if (!path.isEmpty()) {
        paths.add(path);
      }
    }
    return paths;
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Legacy commands are argv arrays; quote the parts a reader would otherwise misread. */
  private static String joinArgv(JsonNode argv) {
    if (!argv.isArray()) {
      return argv.isTextual() ? argv.textValue() : "";
    }
    List<String> parts = new ArrayList<>();
    for (JsonNode part : argv) {
      parts.add(shellQuote(part.asText()));
    }
    return String.join(" ", parts);
  }

  private static String shellQuote(String word) {
    boolean plain =
        !word.isEmpty() && word.chars().noneMatch(c -> SHELL_SPECIAL.indexOf(c) >= 0 || c <= ' ');
    if (plain) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** A field as text: empty when missing or null, so callers need no null checks. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (value.isTextual()) {
      return value.textValue();
    }
    return value.isMissingNode() || value.isNull() || value.isContainerNode() ? "" : value.asText();
  }
}
