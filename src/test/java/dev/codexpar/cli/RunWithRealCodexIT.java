package dev.codexpar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexpar.testing.CodexTestEnv;
import dev.codexpar.testing.Launcher;
import dev.codexpar.testing.MockModelServer;
import dev.codexpar.testing.MockModelServer.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./codex-par run} end to end: the real codex 0.169 CLI, offline against {@link
 * MockModelServer}, pointed there by the tasks file's own {@code defaults.config_overrides}.
 */
class RunWithRealCodexIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private MockModelServer mock;
  private CodexTestEnv codex;
  private Path runDir;
  private Path work;

  @BeforeEach
  void startMock() throws IOException {
    assumeTrue(CodexTestEnv.codexAvailable(), "real codex not installed (codex.bin)");
    mock = MockModelServer.start();
    codex = CodexTestEnv.create(mock.baseUrl(), tmp.resolve("codex-home"));
    runDir = tmp.resolve("run");
    work = Files.createDirectories(tmp.resolve("project/work"));
  }

  @AfterEach
  void stopMock() {
    if (mock != null) {
      mock.close();
    }
  }

  @Test
  void dagOfFiveTasksWithAFailureAndItsSkippedDependant() throws IOException {
    Path tasks =
        writeTasks(
            """
              - name: alpha
                prompt: |
                  Summarize alpha.
                  @mock sleep=1500ms
                  @mock cmd=echo alpha-was-here > alpha.txt
                  @mock tokens=1000/50/200
                  @mock reply=# Alpha report\\nall good
              - name: beta
                prompt: |
                  Summarize beta.
                  @mock sleep=1500ms
                  @mock tokens=700/30
                  @mock reply=# Beta report
              - name: gamma
                depends_on: [alpha, beta]
                cwd: elsewhere
                prompt: |
                  Cross-review the two reports.
                  @mock reply=cross review done
              - name: delta
                depends_on: [alpha]
                prompt: |
                  This one breaks.
                  @mock fail=invalid_prompt:the model refused this prompt
              - name: epsilon
                depends_on: [delta]
                prompt: never runs
            """);
    Files.createDirectories(tmp.resolve("project/elsewhere"));

    Launcher.Result result =
        codexPar("run", tasks.toString(), "--dir", runDir.toString(), "--keep-going");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    // Outputs: codex's own -o file for each done task.
    assertThat(Files.readString(runDir.resolve("outputs/alpha.md")))
        .isEqualTo("# Alpha report\nall good");
    assertThat(Files.readString(runDir.resolve("outputs/beta.md"))).isEqualTo("# Beta report");
    assertThat(Files.readString(runDir.resolve("outputs/gamma.md"))).isEqualTo("cross review done");
    assertThat(Files.readString(work.resolve("alpha.txt"))).contains("alpha-was-here");

    JsonNode alpha = meta("alpha");
    JsonNode beta = meta("beta");
    assertThat(alpha.path("status").asText()).isEqualTo("done");
    // One cmd means two model requests: codex sums their usage.
    assertThat(alpha.path("input_tokens").asLong()).isEqualTo(2000);
    assertThat(alpha.path("output_tokens").asLong()).isEqualTo(100);
    assertThat(alpha.path("cached_input_tokens").asLong()).isEqualTo(400);
    assertThat(alpha.path("commands").asInt()).isEqualTo(1);
    assertThat(alpha.path("exit_code").asInt()).isZero();
    assertThat(alpha.path("session_id").asText()).isNotBlank();
    assertThat(alpha.path("wave").asInt()).isZero();
    assertThat(beta.path("input_tokens").asLong()).isEqualTo(700);
    assertThat(beta.path("output_tokens").asLong()).isEqualTo(30);
    assertThat(beta.path("commands").asInt()).isZero();
    assertThat(meta("gamma").path("wave").asInt()).isEqualTo(1);

    // The two first tasks overlapped in time.
    Instant alphaStart = Instant.parse(alpha.path("started_at").asText());
    Instant alphaEnd = Instant.parse(alpha.path("ended_at").asText());
    Instant betaStart = Instant.parse(beta.path("started_at").asText());
    Instant betaEnd = Instant.parse(beta.path("ended_at").asText());
    assertThat(alphaStart).isBefore(betaEnd);
    assertThat(betaStart).isBefore(alphaEnd);

    // gamma's prompt, as the model received it, names both outputs by absolute path.
    String gammaPrompt =
        mock.requestsWithPromptContaining("Cross-review the two reports").get(0).prompt();
    assertThat(gammaPrompt)
        .contains(runDir.resolve("outputs/alpha.md").toAbsolutePath().toString())
        .contains(runDir.resolve("outputs/beta.md").toAbsolutePath().toString());

    JsonNode delta = meta("delta");
    assertThat(delta.path("status").asText()).isEqualTo("failed");
    assertThat(delta.path("error").asText()).contains("the model refused this prompt");
    JsonNode epsilon = meta("epsilon");
    assertThat(epsilon.path("status").asText()).isEqualTo("skipped");
    assertThat(epsilon.path("error").asText()).contains("delta");
    assertThat(mock.requestsWithPromptContaining("never runs")).isEmpty();

    JsonNode run = JSON.readTree(runDir.resolve("run.meta.json").toFile());
    assertThat(run.path("status").asText()).isEqualTo("failed");
    assertThat(run.path("tasks").size()).isEqualTo(5);
    assertThat(result.out()).contains("failed    delta").contains("skipped   epsilon");

    // status reads the same files back, as text and JSON.
    Launcher.Result status = codexPar("status", "--dir", runDir.toString(), "--json");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    JsonNode statusJson = JSON.readTree(status.out());
    assertThat(statusJson.path("dir").asText()).isEqualTo(runDir.toString());
    assertThat(statusJson.path("status").asText()).isEqualTo("failed");
    List<String> statuses = new ArrayList<>();
    statusJson.path("tasks").forEach(t -> statuses.add(t.path("status").asText()));
    assertThat(statuses).containsExactly("done", "done", "done", "failed", "skipped");
    Launcher.Result table = codexPar("status", "--dir", runDir.toString());
    assertThat(table.out()).contains("alpha").contains("delta").contains("the model refused");
  }

  @Test
  void aRateLimitIsRetriedAndTheSecondAttemptSucceeds() throws IOException {
    Path tasks =
        writeTasks(
            """
              - name: limited
                retries: 2
                retry_delay: 100ms
                prompt: |
                  Busy model.
                  @mock http=429
                  @mock times=1
                  @mock reply=made it
            """);
    Launcher.Result result = codexPar("run", tasks.toString(), "--dir", runDir.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode meta = meta("limited");
    assertThat(meta.path("status").asText()).isEqualTo("done");
    assertThat(meta.path("attempts").asInt()).isEqualTo(2);
    assertThat(meta.path("attempt_errors").get(0).asText())
        .startsWith("attempt 1 (rate_limit): ")
        .contains("429");
    // The session had started: the retry resumed it (one request of the prompt, then the resume's,
    // which carries it) instead of starting over.
    assertThat(mock.requestsWithPromptContaining("Busy model.")).hasSize(1);
    assertThat(meta.path("turns").findValuesAsText("kind")).containsExactly("start", "retry");
    assertThat(meta.path("turns").findValuesAsText("status")).containsExactly("failed", "done");
    RecordedRequest resumed = mock.requestsWithPromptContaining("cut off by a rate limit").get(0);
    assertThat(resumed.body().path("input").toString()).contains("Busy model.");
    assertThat(meta.path("argv").toString()).contains("\"resume\"");
    assertThat(runDir.resolve("outputs/limited.md"))
        .hasContent(Files.readString(runDir.resolve("outputs/limited.turn-2.md")));
    assertThat(runDir.resolve("logs/limited.attempt-1.jsonl")).content().contains("429");
    assertThat(result.out()).contains("pending   limited: attempt 1 failed (rate_limit)");
  }

  @Test
  void resumeRunsExactlyTheTasksThatWereNotDone() throws IOException {
    Path tasks =
        writeTasks(
            """
              - name: solid
                prompt: |
                  Solid work.
                  @mock reply=solid output
              - name: flaky
                prompt: |
                  Flaky work.
                  @mock fail=invalid_prompt:not this time
                  @mock times=1
                  @mock reply=flaky output
              - name: after_flaky
                depends_on: [flaky, solid]
                prompt: After flaky.
              - name: after_solid
                depends_on: [solid]
                prompt: After solid.
            """);
    Launcher.Result first =
        codexPar("run", tasks.toString(), "--dir", runDir.toString(), "--keep-going");
    assertThat(first.exitCode()).as(first.toString()).isEqualTo(1);
    assertThat(meta("after_flaky").path("status").asText()).isEqualTo("skipped");

    Launcher.Result resumed =
        codexPar("run", tasks.toString(), "--dir", runDir.toString(), "--resume");

    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    // The mock saw each done task once, and the not-done ones once more.
    assertThat(mock.requestsWithPromptContaining("Solid work.")).hasSize(1);
    assertThat(mock.requestsWithPromptContaining("After solid.")).hasSize(1);
    assertThat(mock.requestsWithPromptContaining("Flaky work.")).hasSize(2);
    assertThat(mock.requestsWithPromptContaining("After flaky.")).hasSize(1);
    assertThat(mock.requestsWithPromptContaining("After flaky.").get(0).prompt())
        .contains(runDir.resolve("outputs/solid.md").toString());
    assertThat(runDir.resolve("outputs/solid.md")).hasContent("solid output");
    assertThat(runDir.resolve("outputs/flaky.md")).hasContent("flaky output");
    for (String name : List.of("solid", "flaky", "after_flaky", "after_solid")) {
      assertThat(meta(name).path("status").asText()).as(name).isEqualTo("done");
    }
    assertThat(runDir.resolve("previous-runs")).isDirectory();

    Launcher.Result rerun =
        codexPar("run", tasks.toString(), "--dir", runDir.toString(), "--rerun", "solid");
    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    assertThat(mock.requestsWithPromptContaining("Solid work.")).hasSize(2);
    assertThat(mock.requestsWithPromptContaining("After solid.")).hasSize(2);
    assertThat(mock.requestsWithPromptContaining("After flaky.")).hasSize(2);
    assertThat(mock.requestsWithPromptContaining("Flaky work.")).hasSize(2);
  }

  @Test
  void sigtermCancelsEveryHangingTaskAndExits130() throws Exception {
    Path tasks =
        writeTasks(
            """
              - name: hang1
                prompt: |
                  wait forever
                  @mock hang
              - name: hang2
                prompt: |
                  wait forever too
                  @mock hang
              - name: later
                depends_on: [hang1]
                prompt: after
            """);
    try (Launcher launcher =
        Launcher.start(tmp, env(), "run", tasks.toString(), "--dir", runDir.toString())) {
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> mock.modelRequests().stream().filter(r -> r.isHanging()).count() == 2);
      List<ProcessHandle> children = launcher.process().descendants().toList();
      assertThat(children).isNotEmpty();

      Runtime.getRuntime().exec(new String[] {"kill", "-TERM", Long.toString(launcher.pid())});
      Launcher.Result result = launcher.await(Duration.ofSeconds(30));

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(130);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(children).noneMatch(ProcessHandle::isAlive));
      assertThat(meta("hang1").path("status").asText()).isEqualTo("cancelled");
      assertThat(meta("hang2").path("status").asText()).isEqualTo("cancelled");
      assertThat(meta("later").path("status").asText()).isIn("cancelled", "skipped");
      assertThat(JSON.readTree(runDir.resolve("run.meta.json").toFile()).path("status").asText())
          .isIn("cancelled", "interrupted");
    }
  }

  private Path writeTasks(String tasksBlock) throws IOException {
    Path file = tmp.resolve("project/tasks.yaml");
    Files.writeString(file, codex.tasksYaml(tasksBlock));
    return file;
  }

  /** Runs {@code ./codex-par ARGS} with the real codex pointed at the mock. */
  private Launcher.Result codexPar(String... args) {
    return Launcher.run(tmp, env(), Duration.ofMinutes(3), args);
  }

  private Map<String, String> env() {
    return codex.cliEnvironment();
  }

  private JsonNode meta(String task) throws IOException {
    return JSON.readTree(runDir.resolve("logs/" + task + ".meta.json").toFile());
  }
}
