package dev.codexpar.codex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexpar.codex.CodexEvent.Item;
import dev.codexpar.model.TaskFigures;
import org.junit.jupiter.api.Test;

/**
 * The same turn (a command, then a reply; two model requests of 1200/34/100 tokens) as codex 0.171
 * printed it through {@code exec --json} and as its app-server notified it: the figures must not
 * depend on the transport.
 */
class AppServerSchemaTest {
  private final EventParser parser = new EventParser();

  private TaskFigures figures(String resource) {
    ProgressTracker tracker = new ProgressTracker();
    Fixtures.lines(resource).forEach(line -> parser.parse(line).ifPresent(tracker::accept));
    return tracker.snapshot();
  }

  @Test
  void appServerTurnGivesTheFiguresOfExec() {
    TaskFigures exec = figures("codex/events/codex-0.171.0-same-turn.jsonl");
    TaskFigures appServer = figures("codex/events/app-server-0.171.0.jsonl");

    assertThat(appServer.inputTokens()).isEqualTo(exec.inputTokens()).isEqualTo(2400);
    assertThat(appServer.cachedInputTokens()).isEqualTo(exec.cachedInputTokens()).isEqualTo(200);
    assertThat(appServer.outputTokens()).isEqualTo(exec.outputTokens()).isEqualTo(68);
    assertThat(appServer.reasoningOutputTokens()).isEqualTo(exec.reasoningOutputTokens());
    assertThat(appServer.commands()).isEqualTo(exec.commands()).isEqualTo(1);
    assertThat(appServer.files()).isEqualTo(exec.files());
    assertThat(appServer.lastAction()).isEqualTo(exec.lastAction()).isEqualTo("SAY All done");
    assertThat(appServer.lastAgentMessage()).isEqualTo(exec.lastAgentMessage());
    assertThat(appServer.failure()).isNull();
    assertThat(exec.failure()).isNull();
    assertThat(appServer.sessionId()).isEqualTo("01a23383-b9ea-7783-89b9-b433435a6dd1");
    // one event more: the usage is notified after each of the turn's two model requests
    assertThat(appServer.events()).isEqualTo(exec.events() + 1);
  }

  @Test
  void notificationsExecDoesNotPrintAreNoEvents() {
    assertThat(parse("{\"method\":\"thread/status/changed\",\"params\":{\"threadId\":\"t\"}}"))
        .isNull();
    assertThat(parse("{\"method\":\"item/agentMessage/delta\",\"params\":{\"delta\":\"x\"}}"))
        .isNull();
    assertThat(
            parse("{\"method\":\"item/started\",\"params\":{\"item\":{\"type\":\"userMessage\"}}}"))
        .isNull();
  }

  @Test
  void failedTurnAndErrors() {
    assertThat(
            parse(
                "{\"method\":\"turn/completed\",\"params\":{\"turn\":{\"status\":\"failed\","
                    + "\"error\":{\"message\":\"boom\"}}}}"))
        .isEqualTo(new CodexEvent.TurnFailed("boom"));
    assertThat(
            parse(
                "{\"method\":\"turn/completed\",\"params\":{\"turn\":{\"status\":\"interrupted\"}}}"))
        .isNull();
    assertThat(
            parse(
                "{\"method\":\"error\",\"params\":{\"error\":{\"message\":\"Reconnecting...\"},"
                    + "\"willRetry\":true}}"))
        .isEqualTo(new CodexEvent.Error("Reconnecting...", false));
    assertThat(
            parse(
                "{\"method\":\"error\",\"params\":{\"error\":{\"message\":\"gone\"},"
                    + "\"willRetry\":false}}"))
        .isEqualTo(new CodexEvent.Error("gone", true));
  }

  @Test
  void fileChangePathsAndStatus() {
    assertThat(
            parse(
                "{\"method\":\"item/completed\",\"params\":{\"item\":{\"type\":\"fileChange\","
                    + "\"status\":\"completed\",\"changes\":[{\"path\":\"a.txt\",\"kind\":"
                    + "{\"type\":\"add\"},\"diff\":\"\"}]}}}"))
        .isEqualTo(
            new CodexEvent.ItemCompleted(
                new Item.FileChange(java.util.List.of("a.txt"), "completed")));
    assertThat(
            parse(
                "{\"method\":\"item/started\",\"params\":{\"item\":{\"type\":\"commandExecution\","
                    + "\"command\":\"ls\",\"status\":\"inProgress\",\"exitCode\":null}}}"))
        .isEqualTo(
            new CodexEvent.ItemStarted(new Item.CommandExecution("ls", null, "in_progress")));
  }

  private CodexEvent parse(String line) {
    return parser.parse(line).orElse(null);
  }
}
