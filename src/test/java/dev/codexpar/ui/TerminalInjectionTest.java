package dev.codexpar.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexpar.codex.EventParser;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.SafeText;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * codex's text reaches the terminal through the dashboard, the plain log, status and tail: none of
 * it may carry a character that acts there (ESC sequences, C1 codes, NUL, bidi overrides).
 */
class TerminalInjectionTest {
  private static final String ESC = "\u001b";

  @Test
  void dashboardFramesSummaryAndPlainLogShowEscapesInsteadOfActingOnThem() {
    RunSnapshot run = RunFixtures.hostileText();
    Dashboard dashboard = new Dashboard(ZoneOffset.UTC, "");
    List<String> printed = new ArrayList<>();
    printed.addAll(dashboard.plain(run, RunFixtures.NOW));
    printed.addAll(dashboard.frame(run, RunFixtures.NOW, 200, 50, false));
    printed.addAll(dashboard.summary(run, RunFixtures.NOW));
    printed.add(
        new ChangeLog(new TimeOfDay(ZoneOffset.UTC)).line(run.tasks().get(0), RunFixtures.NOW));
    printed.forEach(TerminalInjectionTest::assertInert);
    assertThat(String.join("\n", printed)).contains("\\x1b]52;c;").contains("\\x1b[2J");
  }

  @Test
  void tailLinesOfHostileEventsAreInert() {
    String line =
        "{\"type\":\"item.completed\",\"item\":{\"type\":\"agent_message\",\"text\":\"hi"
            + " \\u001b]52;c;ZXZpbA==\\u0007 \\u202Eevil \\u0000\"}}";
    String text = new EventParser().parse(line).flatMap(EventText::of).orElseThrow();
    assertInert(text);
    assertThat(text).startsWith("SAY hi \\x1b]52;c;ZXZpbA==\\x07 \\u202Eevil \\x00");
  }

  @Test
  void printableKeepsOrdinaryTextAndSnippetCuts() {
    assertThat(SafeText.printable("naïve 日本 🙂 a-b_c.d")).isEqualTo("naïve 日本 🙂 a-b_c.d");
    assertThat(SafeText.snippet("x".repeat(100) + "\u001b", 10)).isEqualTo("xxxxxxxxxx…");
    assertThat(SafeText.snippet("a\u0000b", 10)).isEqualTo("a\\x00b");
  }

  private static void assertInert(String line) {
    assertThat(line)
        .doesNotContain(ESC)
        .doesNotContain("\u0007")
        .doesNotContain("\u0000")
        .doesNotContain("\u009b")
        .doesNotContain("\u202E");
  }
}
