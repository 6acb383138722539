package dev.codexpar.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexpar.codex.EventParser;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The readable words of {@code tail}, from real event lines of both codex schemas. */
class EventTextTest {
  private final EventParser parser = new EventParser();

  private Optional<String> text(String line) {
    return parser.parse(line).flatMap(EventText::of);
  }

  @Test
  void actionsOfTheCurrentSchema() {
    assertThat(
            text(
                "{\"type\":\"item.completed\",\"item\":{\"type\":\"file_change\","
                    + "\"changes\":[{\"path\":\"src/A.java\",\"kind\":\"update\"}],"
                    + "\"status\":\"completed\"}}"))
        .contains("EDIT src/A.java");
    assertThat(
            text(
                "{\"type\":\"item.completed\",\"item\":{\"type\":\"agent_message\","
                    + "\"text\":\"All good.\\nDetails follow.\"}}"))
        .contains("SAY All good.");
    assertThat(
            text(
                "{\"type\":\"item.completed\",\"item\":{\"type\":\"command_execution\","
                    + "\"command\":\"bash -lc 'npm test'\",\"exit_code\":1,\"status\":\"failed\"}}"))
        .contains("EXIT 1 npm test");
    assertThat(text("{\"type\":\"turn.failed\",\"error\":{\"message\":\"boom\"}}"))
        .contains("FAILED boom");
    assertThat(text("{\"type\":\"error\",\"message\":\"Reconnecting... 1/5\"}"))
        .contains("RETRY Reconnecting... 1/5");
  }

  @Test
  void legacyTotalsAreMarkedAsTotals() {
    assertThat(
            text(
                "{\"id\":\"0\",\"msg\":{\"type\":\"token_count\",\"info\":{\"total_token_usage\":"
                    + "{\"input_tokens\":2600,\"output_tokens\":80}}}}"))
        .contains("TOKENS 2.6K in / 80 out (total)");
  }

  @Test
  void updatesAndUnknownEventsSayNothing() {
    assertThat(text("{\"type\":\"item.updated\",\"item\":{\"type\":\"todo_list\"}}")).isEmpty();
    assertThat(text("{\"type\":\"something.new\"}")).isEmpty();
  }
}
