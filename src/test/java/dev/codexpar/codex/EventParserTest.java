package dev.codexpar.codex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexpar.codex.CodexEvent.Item;
import dev.codexpar.codex.CodexEvent.Usage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventParserTest {
  private final EventParser parser = new EventParser();

  private CodexEvent parse(String line) {
    return parser.parse(line).orElseThrow();
  }

  private List<CodexEvent> parseAll(String resource) {
    return Fixtures.lines(resource).stream().map(parser::parse).flatMap(Optional::stream).toList();
  }

  @Test
  void currentSchemaFixtureParsesEveryLine() {
    List<CodexEvent> events = parseAll("codex/events/codex-0.169.0.jsonl");

    assertThat(events).hasSize(25).noneMatch(e -> e instanceof CodexEvent.Unknown);
    assertThat(events.get(0))
        .isEqualTo(new CodexEvent.ThreadStarted("0199a213-81c0-7800-8aa1-bbab2a035a53"));
    assertThat(events.get(1)).isEqualTo(new CodexEvent.TurnStarted());
    assertThat(events.get(2))
        .isEqualTo(
            new CodexEvent.ItemCompleted(
                new Item.ItemError(
                    "Model metadata for `gpt-5-codex` not found. Defaulting to fallback metadata;"
                        + " this can degrade performance and cause issues.")));
    assertThat(events.get(6)).isEqualTo(new CodexEvent.ItemStarted(new Item.TodoList()));
    assertThat(events.get(8)).isEqualTo(new CodexEvent.ItemUpdated(new Item.TodoList()));
    assertThat(events.get(12))
        .isEqualTo(new CodexEvent.ItemCompleted(new Item.WebSearch("java greeting conventions")));
  }

  @Test
  void threadAndTurns() {
    assertThat(parse("{\"type\":\"thread.started\",\"thread_id\":\"t-1\"}"))
        .isEqualTo(new CodexEvent.ThreadStarted("t-1"));
    assertThat(parse("{\"type\":\"turn.started\"}")).isEqualTo(new CodexEvent.TurnStarted());
    assertThat(
            parse(
                "{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":2400,"
                    + "\"cached_input_tokens\":200,\"cache_write_input_tokens\":0,"
                    + "\"output_tokens\":68,\"reasoning_output_tokens\":5}}"))
        .isEqualTo(new CodexEvent.TurnCompleted(new Usage(2400, 200, 68, 5), false));
    assertThat(parse("{\"type\":\"turn.failed\",\"error\":{\"message\":\"quota exceeded\"}}"))
        .isEqualTo(new CodexEvent.TurnFailed("quota exceeded"));
  }

  @Test
  void missingUsageFieldsCountAsZero() {
    assertThat(parse("{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":7}}"))
        .isEqualTo(new CodexEvent.TurnCompleted(new Usage(7, 0, 0, 0), false));
    assertThat(parse("{\"type\":\"turn.completed\"}"))
        .isEqualTo(new CodexEvent.TurnCompleted(Usage.NONE, false));
  }

  @Test
  void reconnectingErrorsAreNotFatal() {
    assertThat(parse("{\"type\":\"error\",\"message\":\"Reconnecting... 2/5 (timeout)\"}"))
        .isEqualTo(new CodexEvent.Error("Reconnecting... 2/5 (timeout)", false));
    assertThat(parse("{\"type\":\"error\",\"message\":\"unexpected status 401\"}"))
        .isEqualTo(new CodexEvent.Error("unexpected status 401", true));
  }

  @Test
  void everyItemType() {
    assertThat(item("{\"type\":\"agent_message\",\"text\":\"hi\"}"))
        .isEqualTo(new Item.AgentMessage("hi"));
    assertThat(item("{\"type\":\"reasoning\",\"text\":\"**Plan**\"}"))
        .isEqualTo(new Item.Reasoning("**Plan**"));
    assertThat(
            item(
                "{\"type\":\"command_execution\",\"command\":\"/bin/bash -lc 'ls -la'\","
                    + "\"aggregated_output\":\"\",\"exit_code\":null,\"status\":\"in_progress\"}"))
        .isEqualTo(new Item.CommandExecution("/bin/bash -lc 'ls -la'", null, "in_progress"));
    assertThat(
            item(
                "{\"type\":\"command_execution\",\"command\":\"false\",\"exit_code\":1,"
                    + "\"status\":\"failed\"}"))
        .isEqualTo(new Item.CommandExecution("false", 1, "failed"));
    assertThat(
            item(
                "{\"type\":\"file_change\",\"changes\":[{\"path\":\"a.java\",\"kind\":\"add\"},"
                    + "{\"path\":\"b.java\",\"kind\":\"delete\"}],\"status\":\"completed\"}"))
        .isEqualTo(new Item.FileChange(List.of("a.java", "b.java"), "completed"));
    assertThat(
            item(
                "{\"type\":\"mcp_tool_call\",\"server\":\"docs\",\"tool\":\"search\","
                    + "\"arguments\":{},\"status\":\"in_progress\"}"))
        .isEqualTo(new Item.McpToolCall("docs", "search"));
    assertThat(item("{\"type\":\"web_search\",\"query\":\"jackson\"}"))
        .isEqualTo(new Item.WebSearch("jackson"));
    assertThat(item("{\"type\":\"todo_list\",\"items\":[]}")).isEqualTo(new Item.TodoList());
    assertThat(item("{\"type\":\"error\",\"message\":\"oops\"}"))
        .isEqualTo(new Item.ItemError("oops"));
    assertThat(item("{\"type\":\"collab_tool_call\",\"tool\":\"wait\"}"))
        .isEqualTo(new Item.UnknownItem("collab_tool_call"));
  }

  private Item item(String itemJson) {
    CodexEvent event = parse("{\"type\":\"item.completed\",\"item\":" + itemJson + "}");
    return ((CodexEvent.ItemCompleted) event).item();
  }

  @Test
  void oddShapesDoNotThrow() {
    assertThat(parse("{\"type\":\"item.completed\",\"item\":\"not an object\"}"))
        .isEqualTo(new CodexEvent.ItemCompleted(new Item.UnknownItem("")));
    assertThat(parse("{\"type\":\"item.started\"}"))
        .isEqualTo(new CodexEvent.ItemStarted(new Item.UnknownItem("")));
    assertThat(parse("{\"type\":\"turn.completed\",\"usage\":\"lots\"}"))
        .isEqualTo(new CodexEvent.TurnCompleted(Usage.NONE, false));
    assertThat(parse("{\"type\":\"turn.failed\",\"error\":null}"))
        .isEqualTo(new CodexEvent.TurnFailed(""));
    assertThat(item("{\"type\":\"file_change\",\"changes\":{\"oops\":1}}"))
        .isEqualTo(new Item.FileChange(List.of(), ""));
    assertThat(parse("{\"type\":42}")).isEqualTo(new CodexEvent.Unknown("42"));
  }

  @Test
  void unknownTypesAreKept() {
    assertThat(parse("{\"type\":\"item.plan.delta\",\"item_id\":\"x\",\"delta\":\"d\"}"))
        .isEqualTo(new CodexEvent.Unknown("item.plan.delta"));
    assertThat(parse("{\"id\":\"0\",\"msg\":{\"type\":\"turn_diff\",\"unified_diff\":\"\"}}"))
        .isEqualTo(new CodexEvent.Unknown("turn_diff"));
  }

  @Test
  void linesThatAreNoJsonObjectGiveNothing() {
    assertThat(parser.parse("")).isEmpty();
    assertThat(parser.parse("   ")).isEmpty();
    assertThat(parser.parse(null)).isEmpty();
    assertThat(parser.parse("Reading prompt from stdin...")).isEmpty();
    assertThat(parser.parse("[1,2]")).isEmpty();
    assertThat(parser.parse("42")).isEmpty();
    assertThat(parser.parse("\"text\"")).isEmpty();
  }

  @Test
  void aBrokenObjectLineIsAnUnknownEventOfTheTypeItStartsWith() {
    assertThat(parse("{\"type\":\"item.completed\",\"item\":{\"type\":\"agent_message\",\"te"))
        .isEqualTo(new CodexEvent.Unknown("item.completed"));
    assertThat(parse("{\"id\":\"0\",\"msg\":{\"type\":\"agent_message\",\"message\":\"cut"))
        .isEqualTo(new CodexEvent.Unknown("agent_message"));
    assertThat(parse("{not json")).isEqualTo(new CodexEvent.Unknown(""));
  }

  @Test
  void aFiveMegabyteLineParses() {
    String text = "x".repeat(5 * 1024 * 1024);
    String line =
        "{\"type\":\"item.completed\",\"item\":{\"id\":\"item_9\",\"type\":\"agent_message\","
            + "\"text\":\""
            + text
            + "\"}}";

    assertThat(parse(line)).isEqualTo(new CodexEvent.ItemCompleted(new Item.AgentMessage(text)));
  }

  @Test
  void legacySchemaFixture() {
    List<CodexEvent> events = parseAll("codex/events/codex-0.42.0.jsonl");

    assertThat(events)
        .containsExactly(
            new CodexEvent.Unknown(""),
            new CodexEvent.Unknown(""),
            new CodexEvent.TurnStarted(),
            new CodexEvent.ItemCompleted(new Item.Reasoning("**Listing files**")),
            new CodexEvent.ItemStarted(
                new Item.CommandExecution("bash -lc 'ls -la'", null, "in_progress")),
            new CodexEvent.Unknown("exec_command_output_delta"),
            new CodexEvent.ItemCompleted(new Item.CommandExecution("", 0, "completed")),
            new CodexEvent.TurnCompleted(new Usage(1200, 100, 34, 0), true),
            new CodexEvent.ItemStarted(
                new Item.FileChange(
                    List.of("/work/repo/hello.txt", "/work/repo/README.md"), "in_progress")),
            new CodexEvent.ItemCompleted(new Item.FileChange(List.of(), "completed")),
            new CodexEvent.Unknown("turn_diff"),
            new CodexEvent.ItemStarted(
                new Item.CommandExecution("cat 'my file.txt'", null, "in_progress")),
            new CodexEvent.ItemCompleted(new Item.CommandExecution("", 1, "failed")),
            new CodexEvent.Unknown("agent_message_delta"),
            new CodexEvent.ItemCompleted(new Item.AgentMessage("Done: hello.txt added.")),
            new CodexEvent.TurnCompleted(new Usage(2600, 1300, 80, 16), true),
            new CodexEvent.Unknown("token_count"),
            new CodexEvent.TurnCompleted(Usage.NONE, false));
  }

  @Test
  void legacyErrorFixture() {
    List<CodexEvent> events = parseAll("codex/events/codex-0.42.0-error.jsonl");

    assertThat(events)
        .containsExactly(
            new CodexEvent.Unknown(""),
            new CodexEvent.Unknown(""),
            new CodexEvent.ThreadStarted("5973b6c0-94b8-487b-a530-2aeb6098ae0e"),
            new CodexEvent.TurnStarted(),
            new CodexEvent.Error(
                "stream error: stream disconnected before completion; retrying 1/5 in 200ms…",
                false),
            new CodexEvent.Error(
                "unexpected status 500 Internal Server Error: {\"error\":{\"message\":\"boom\"}}",
                true));
  }

  @Test
  void legacyToolEvents() {
    assertThat(
            parse(
                "{\"id\":\"1\",\"msg\":{\"type\":\"mcp_tool_call_begin\",\"call_id\":\"c\","
                    + "\"invocation\":{\"server\":\"docs\",\"tool\":\"search\"}}}"))
        .isEqualTo(new CodexEvent.ItemStarted(new Item.McpToolCall("docs", "search")));
    assertThat(
            parse(
                "{\"id\":\"1\",\"msg\":{\"type\":\"mcp_tool_call_end\",\"call_id\":\"c\","
                    + "\"invocation\":{\"server\":\"docs\",\"tool\":\"search\"},\"result\":{}}}"))
        .isEqualTo(new CodexEvent.ItemCompleted(new Item.McpToolCall("docs", "search")));
    assertThat(
            parse(
                "{\"id\":\"1\",\"msg\":{\"type\":\"web_search_end\",\"call_id\":\"w\","
                    + "\"query\":\"codex cli\"}}"))
        .isEqualTo(new CodexEvent.ItemCompleted(new Item.WebSearch("codex cli")));
    assertThat(
            parse(
                "{\"id\":\"1\",\"msg\":{\"type\":\"patch_apply_end\",\"call_id\":\"p\","
                    + "\"success\":false}}"))
        .isEqualTo(new CodexEvent.ItemCompleted(new Item.FileChange(List.of(), "failed")));
  }

  @Test
  void aTypedObjectIsNotReadAsLegacyEvenWithAMsgField() {
    assertThat(parse("{\"type\":\"turn.started\",\"msg\":{\"type\":\"error\"}}"))
        .isEqualTo(new CodexEvent.TurnStarted());
  }
}
