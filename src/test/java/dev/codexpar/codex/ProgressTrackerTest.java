package dev.codexpar.codex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexpar.codex.CodexEvent.Item;
import dev.codexpar.codex.CodexEvent.Usage;
import dev.codexpar.model.TaskFigures;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTrackerTest {
  private final EventParser parser = new EventParser();
  private final ProgressTracker tracker = new ProgressTracker();

  private TaskFigures feed(String resource) {
    Fixtures.lines(resource).forEach(line -> parser.parse(line).ifPresent(tracker::accept));
    return tracker.snapshot();
  }

  private String lastActionAfter(CodexEvent event) {
    tracker.accept(event);
    return tracker.snapshot().lastAction();
  }

  @Test
  void startsEmpty() {
    assertThat(tracker.snapshot()).isEqualTo(TaskFigures.EMPTY);
  }

  @Test
  void currentSchemaStream() {
    TaskFigures figures = feed("codex/events/codex-0.169.0.jsonl");

    assertThat(figures)
        .isEqualTo(
            new TaskFigures(
                25,
                5400,
                2600,
                168,
                42,
                2,
                2,
                "SAY Done: Hello.java added and tested.",
                "0199a213-81c0-7800-8aa1-bbab2a035a53",
                "Done: Hello.java added and tested.",
                null,
                0));
  }

  @Test
  void failedTurnReportsItsMessageButNotTheModelMetadataItem() {
    TaskFigures figures = feed("codex/events/codex-0.169.0-failed.jsonl");

    assertThat(figures.failure()).isEqualTo("unexpected status 500 Internal Server Error: boom");
    assertThat(figures.events()).isEqualTo(6);
    assertThat(figures.lastAction()).isNull();
  }

  @Test
  void modelMetadataItemAloneIsNoFailure() {
    feed("codex/events/codex-0.169.0.jsonl");

    assertThat(tracker.snapshot().failure()).isNull();
  }

  @Test
  void legacySchemaStream() {
    TaskFigures figures = feed("codex/events/codex-0.42.0.jsonl");

    assertThat(figures)
        .isEqualTo(
            new TaskFigures(
                18,
                2600,
                1300,
                80,
                16,
                2,
                2,
                "SAY Done: hello.txt added.",
                null,
                "Done: hello.txt added.",
                null,
                0));
  }

  @Test
  void legacyErrorIsFatalAndSessionIsKnown() {
    TaskFigures figures = feed("codex/events/codex-0.42.0-error.jsonl");

    assertThat(figures.failure())
        .isEqualTo(
            "unexpected status 500 Internal Server Error: {\"error\":{\"message\":\"boom\"}}");
    assertThat(figures.sessionId()).isEqualTo("5973b6c0-94b8-487b-a530-2aeb6098ae0e");
  }

  @Test
  void cumulativeUsageReplacesAndTurnUsageAdds() {
    tracker.accept(new CodexEvent.TurnCompleted(new Usage(10, 1, 2, 0), true));
    tracker.accept(new CodexEvent.TurnCompleted(new Usage(30, 3, 4, 1), true));
    assertThat(tracker.snapshot().inputTokens()).isEqualTo(30);

    tracker.accept(new CodexEvent.TurnCompleted(new Usage(5, 0, 1, 0), false));
    tracker.accept(new CodexEvent.TurnCompleted(new Usage(5, 0, 1, 0), false));
    TaskFigures figures = tracker.snapshot();
    assertThat(figures.inputTokens()).isEqualTo(40);
    assertThat(figures.cachedInputTokens()).isEqualTo(3);
    assertThat(figures.outputTokens()).isEqualTo(6);
    assertThat(figures.reasoningOutputTokens()).isEqualTo(1);
  }

  @Test
  void firstFailureWins() {
    tracker.accept(new CodexEvent.Error("Reconnecting... 1/5", false));
    assertThat(tracker.snapshot().failure()).isNull();

    tracker.accept(new CodexEvent.Error("root cause", true));
    tracker.accept(new CodexEvent.TurnFailed("turn gave up"));
    assertThat(tracker.snapshot().failure()).isEqualTo("root cause");
  }

  @Test
  void blankFailureMessagesGetAText() {
    tracker.accept(new CodexEvent.TurnFailed(""));
    assertThat(tracker.snapshot().failure()).isEqualTo("turn failed");
  }

  @Test
  void commandsCountOnceAtCompletion() {
    Item running = new Item.CommandExecution("/bin/bash -lc 'ls'", null, "in_progress");
    tracker.accept(new CodexEvent.ItemStarted(running));
    assertThat(tracker.snapshot().commands()).isZero();

    tracker.accept(
        new CodexEvent.ItemCompleted(
            new Item.CommandExecution("/bin/bash -lc 'ls'", 0, "completed")));
    tracker.accept(
        new CodexEvent.ItemCompleted(new Item.CommandExecution("rm -rf /", null, "declined")));
    assertThat(tracker.snapshot().commands()).isEqualTo(1);
  }

  @Test
  void runActionDropsTheShellWrapper() {
    assertThat(lastActionAfter(started("/bin/bash -lc 'ls -la'"))).isEqualTo("RUN ls -la");
    assertThat(lastActionAfter(started("bash -lc 'echo '\\''hi'\\'''"))).isEqualTo("RUN echo 'hi'");
    assertThat(lastActionAfter(started("sh -c \"make \\\"all\\\"\"")))
        .isEqualTo("RUN make \"all\"");
    assertThat(lastActionAfter(started("/usr/bin/zsh -c git status"))).isEqualTo("RUN git status");
    assertThat(lastActionAfter(started("git diff --stat"))).isEqualTo("RUN git diff --stat");
    assertThat(lastActionAfter(started("bashful -lc 'x'"))).isEqualTo("RUN bashful -lc 'x'");
    assertThat(lastActionAfter(started("/bin/bash -lc 'cd src\nmvn test'")))
        .isEqualTo("RUN cd src mvn test");
  }

  private static CodexEvent started(String command) {
    return new CodexEvent.ItemStarted(new Item.CommandExecution(command, null, "in_progress"));
  }

  @Test
  void legacyEndWithoutCommandKeepsTheRunAction() {
    tracker.accept(started("bash -lc 'ls -la'"));
    tracker.accept(new CodexEvent.ItemCompleted(new Item.CommandExecution("", 0, "completed")));

    assertThat(tracker.snapshot().lastAction()).isEqualTo("RUN ls -la");
    assertThat(tracker.snapshot().commands()).isEqualTo(1);
  }

  @Test
  void editActionNamesTheFirstPathAndHowManyMore() {
    assertThat(
            lastActionAfter(
                new CodexEvent.ItemCompleted(new Item.FileChange(List.of("a.java"), "completed"))))
        .isEqualTo("EDIT a.java");
    assertThat(
            lastActionAfter(
                new CodexEvent.ItemCompleted(
                    new Item.FileChange(List.of("a.java", "b.java", "c.java"), "completed"))))
        .isEqualTo("EDIT a.java +2");
    assertThat(tracker.snapshot().files()).isEqualTo(3);
  }

  @Test
  void failedFileChangesDoNotCount() {
    tracker.accept(new CodexEvent.ItemCompleted(new Item.FileChange(List.of("x.txt"), "failed")));

    assertThat(tracker.snapshot().files()).isZero();
  }

  @Test
  void otherActions() {
    assertThat(
            lastActionAfter(
                new CodexEvent.ItemCompleted(new Item.AgentMessage("\nFirst line\nsecond"))))
        .isEqualTo("SAY First line");
    assertThat(
            lastActionAfter(
                new CodexEvent.ItemCompleted(new Item.Reasoning("**Planning the change**\n\nx"))))
        .isEqualTo("THINK Planning the change");
    assertThat(lastActionAfter(new CodexEvent.ItemStarted(new Item.McpToolCall("docs", "search"))))
        .isEqualTo("MCP docs.search");
    assertThat(lastActionAfter(new CodexEvent.ItemCompleted(new Item.WebSearch("jackson tree"))))
        .isEqualTo("SEARCH jackson tree");
    assertThat(lastActionAfter(new CodexEvent.ItemUpdated(new Item.TodoList()))).isEqualTo("PLAN");
    assertThat(lastActionAfter(new CodexEvent.ItemCompleted(new Item.ItemError("meh"))))
        .isEqualTo("PLAN");
    assertThat(lastActionAfter(new CodexEvent.Unknown("x"))).isEqualTo("PLAN");
  }

  @Test
  void lastActionIsBounded() {
    String huge = "y".repeat(5 * 1024 * 1024);
    String action = lastActionAfter(new CodexEvent.ItemCompleted(new Item.AgentMessage(huge)));

    assertThat(action)
        .hasSize(ProgressTracker.MAX_ACTION_CHARS)
        .startsWith("SAY yyy")
        .endsWith("…");
    assertThat(tracker.snapshot().lastAgentMessage()).hasSize(huge.length());
  }

  @Test
  void everyEventCounts() {
    tracker.accept(new CodexEvent.Unknown(""));
    tracker.accept(new CodexEvent.TurnStarted());
    tracker.accept(new CodexEvent.Error("Reconnecting...", false));

    assertThat(tracker.snapshot().events()).isEqualTo(3);
  }
}
