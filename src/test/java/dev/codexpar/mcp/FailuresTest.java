package dev.codexpar.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexpar.plan.PlanException;
import dev.codexpar.plan.Problem;
import dev.codexpar.store.RunFolder;
import dev.codexpar.usecase.Refusal;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.ToolResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a tool's body ends as a result: {@code INTERNAL}, the one documented code no end-to-end test
 * can provoke without a fault codex-par has no way to inject, is what anything unexpected becomes.
 */
class FailuresTest {
  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void anUnexpectedExceptionInAToolIsAnInternalErrorResultNamingIt() {
    ToolResponse response =
        ToolCalls.respond(
            () -> {
              throw new NoSuchFileException("/runs/x/logs/a.meta.json");
            });

    assertThat(response.isError()).isTrue();
    Views.Failure failure = (Views.Failure) response.structuredContent();
    assertThat(failure.code()).isEqualTo(ErrorCode.INTERNAL.name());
    assertThat(failure.message())
        .isEqualTo("java.nio.file.NoSuchFileException: /runs/x/logs/a.meta.json");
    assertThat(failure.problems()).isNull();
    assertThat(text(response))
        .isEqualTo("INTERNAL: java.nio.file.NoSuchFileException: /runs/x/logs/a.meta.json");
  }

  @Test
  void aLinkInARunFolderIsNamedWithoutTheExceptionsClass(@TempDir Path dir) throws IOException {
    RunFolder folder = new RunFolder(dir);
    folder.createLayout();
    Path link = Files.createSymbolicLink(dir.resolve("logs/a.stderr.log"), Path.of("/etc/passwd"));
    ToolResponse response =
        ToolCalls.respond(() -> new ToolCalls.Reply(folder.stderrLog("a"), "never"));

    Views.Failure failure = (Views.Failure) response.structuredContent();
    assertThat(failure.code()).isEqualTo(ErrorCode.INTERNAL.name());
    assertThat(failure.message())
        .startsWith(link + " is a symbolic link: codex-par reads and writes nothing through links")
        .doesNotContain("Exception");
  }

  @Test
  void aBugInAToolIsInternalToo() {
    ToolResponse response =
        ToolCalls.respond(
            () -> {
              throw new IllegalStateException("boom");
            });
    assertThat(response.isError()).isTrue();
    assertThat(((Views.Failure) response.structuredContent()).code()).isEqualTo("INTERNAL");
    assertThat(text(response)).isEqualTo("INTERNAL: java.lang.IllegalStateException: boom");
  }

  @Test
  void aToolInterruptedByTheServerStoppingIsInternalAndKeepsTheInterrupt() {
    ToolResponse response =
        ToolCalls.respond(
            () -> {
              throw new InterruptedException();
            });
    assertThat(response.isError()).isTrue();
    Views.Failure failure = (Views.Failure) response.structuredContent();
    assertThat(failure.code()).isEqualTo("INTERNAL");
    assertThat(failure.message()).isEqualTo("interrupted: the server is stopping");
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }

  @Test
  void domainFailuresKeepTheirCodes() {
    assertThat(Failures.ofAny(new Refusal(Refusal.Kind.RUN_NOT_FOUND, "no run 'x'")).code())
        .isEqualTo("RUN_NOT_FOUND");
    PlanException plan =
        new PlanException(
            List.of(new Problem("tasks.yaml", 3, "a", "prompt", "prompt is required")));
    Views.Failure failure = Failures.ofAny(plan);
    assertThat(failure.code()).isEqualTo("VALIDATION_FAILED");
    assertThat(failure.problems()).hasSize(1);
    assertThat(Failures.ofAny(new IOException("disk full")).code()).isEqualTo("INTERNAL");
  }

  @Test
  void everyKindOfRefusalHasItsCodeAndTheRemedyIsWordedForTheTools() {
    for (Refusal.Kind kind : Refusal.Kind.values()) {
      String expected = kind == Refusal.Kind.FOREIGN_FILES ? "INVALID_ARGUMENT" : kind.name();
      assertThat(Failures.ofAny(new Refusal(kind, "m")).code()).as(kind.name()).isEqualTo(expected);
    }
    Views.Failure orphans =
        Failures.ofAny(
            new Refusal(
                Refusal.Kind.RUN_LIVE,
                "left codex running",
                List.of(),
                Refusal.Remedy.STOP_ORPHANS));
    assertThat(orphans.code()).isEqualTo("RUN_LIVE");
    assertThat(orphans.message())
        .isEqualTo("left codex running; cancel_run on that run stops them, then try again");
  }

  @Test
  void aBodyThatSucceedsIsNoError() {
    ToolResponse response = ToolCalls.respond(() -> new ToolCalls.Reply(List.of("ok"), "fine"));
    assertThat(response.isError()).isFalse();
    assertThat(text(response)).isEqualTo("fine");
  }

  private static String text(ToolResponse response) {
    return ((TextContent) response.content().get(0)).text();
  }
}
