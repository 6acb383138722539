package dev.codexpar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexpar.testing.CodexTestEnv;
import dev.codexpar.testing.Launcher;
import dev.codexpar.testing.MockModelServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./codex-par run --transport app-server} end to end: each task a thread of a real codex
 * 0.171 app-server of its own, offline against {@link MockModelServer}; figures, files and statuses
 * as with exec.
 */
class AppServerTransportIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private MockModelServer mock;
  private CodexTestEnv codex;
  private Path runDir;
  private Path work;

  @BeforeEach
  void startMock() throws IOException {
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
  void aDagRunsOnTheAppServerWithTheMocksFigures() throws IOException {
    Path tasks =
        writeTasks(
            "",
            """
              - name: alpha
                prompt: |
                  Summarize alpha.
                  @mock cmd=echo alpha-was-here > alpha.txt
                  @mock tokens=1000/50/200
                  @mock reply=# Alpha report\\nall good
              - name: beta
                prompt: |
                  Summarize beta.
                  @mock tokens=700/30
                  @mock reply=# Beta report
              - name: gamma
                depends_on: [alpha, beta]
                prompt: |
                  Cross-review the two reports.
                  @mock reply=cross review done
            """);

    Launcher.Result result =
        codexPar("run", tasks.toString(), "--dir", runDir.toString(), "--transport", "app-server");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(Files.readString(runDir.resolve("outputs/alpha.md")))
        .isEqualTo("# Alpha report\nall good");
    assertThat(Files.readString(runDir.resolve("outputs/beta.md"))).isEqualTo("# Beta report");
    assertThat(Files.readString(runDir.resolve("outputs/gamma.md"))).isEqualTo("cross review done");
    assertThat(Files.readString(work.resolve("alpha.txt"))).contains("alpha-was-here");
    JsonNode alpha = meta("alpha");
    assertThat(alpha.path("status").asText()).isEqualTo("done");
    // one cmd: two model requests, their usage summed as with exec
    assertThat(alpha.path("input_tokens").asLong()).isEqualTo(2000);
    assertThat(alpha.path("output_tokens").asLong()).isEqualTo(100);
    assertThat(alpha.path("cached_input_tokens").asLong()).isEqualTo(400);
    assertThat(alpha.path("commands").asInt()).isEqualTo(1);
    assertThat(alpha.path("exit_code").asInt()).isZero();
    assertThat(alpha.path("argv").toString()).contains("app-server").doesNotContain("\"exec\"");
    assertThat(meta("beta").path("input_tokens").asLong()).isEqualTo(700);
    assertThat(meta("gamma").path("wave").asInt()).isEqualTo(1);
    // the raw notifications are the event log
    assertThat(Files.readString(runDir.resolve("logs/alpha.jsonl")))
        .contains("\"method\":\"turn/completed\"");
    // gamma's prompt names its dependencies' outputs, as exec's does
    assertThat(mock.requestsWithPromptContaining("Cross-review the two reports").get(0).prompt())
        .contains(runDir.resolve("outputs/alpha.md").toAbsolutePath().toString());
  }

  @Test
  void theTasksFileNamesTheTransportAndACancelLeavesNothingRunning() throws IOException {
    Path tasks =
        writeTasks(
            "transport: app-server\n",
            """
              - name: hang
                prompt: |
                  wait forever
                  @mock hang
            """);
    try (Launcher launcher =
        Launcher.start(tmp, env(), "run", tasks.toString(), "--dir", runDir.toString())) {
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> mock.modelRequests().stream().anyMatch(r -> r.isHanging()));
      List<ProcessHandle> children = launcher.process().descendants().toList();
      assertThat(children).isNotEmpty();

      Runtime.getRuntime().exec(new String[] {"kill", "-TERM", Long.toString(launcher.pid())});
      Launcher.Result result = launcher.await(Duration.ofSeconds(30));

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(130);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(children).noneMatch(ProcessHandle::isAlive));
      assertThat(meta("hang").path("status").asText()).isEqualTo("cancelled");
    }
  }

  @Test
  void fieldsTheTransportCannotCarryAreRefusedBeforeAnythingStarts() throws IOException {
    Path tasks =
        writeTasks(
            "transport: app-server\n",
            """
              - name: reviewer
                kind: review
                uncommitted: true
                prompt: review
              - name: shaped
                output_schema: schema.json
                prompt: p
            """);
    Files.writeString(tmp.resolve("project/schema.json"), "{\"type\":\"object\"}");

    Launcher.Result result = codexPar("run", tasks.toString(), "--dir", runDir.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err())
        .contains("task 'reviewer' field 'kind'")
        .contains("task 'shaped' field 'output_schema'")
        .contains("app-server transport");
    assertThat(mock.modelRequests()).isEmpty();
  }

  @Test
  void anOlderCodexWithoutTheAppServerProtocolIsAClearError() throws IOException {
    Path tasks = writeTasks("", "  - {name: a, prompt: p}\n");
    Map<String, String> env = env();
    env.put("CODEX_BIN", CodexTestEnv.codexBin().toString()); // the pinned 0.169

    Launcher.Result result =
        Launcher.run(
            tmp,
            env,
            Duration.ofMinutes(1),
            "run",
            tasks.toString(),
            "--dir",
            runDir.toString(),
            "--transport",
            "app-server");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("'transport'").contains("0.171.0 or newer");
  }

  @Test
  void steerFromAnotherProcessReachesTheModelInTheRunningTurn() throws IOException {
    Path tasks =
        writeTasks(
            "transport: app-server\n",
            """
              - name: slow
                prompt: |
                  Work a while.
                  @mock cmd=sleep 6
                  @mock reply=done after the steer
            """);
    try (Launcher launcher =
        Launcher.start(tmp, env(), "run", tasks.toString(), "--dir", runDir.toString())) {
      await()
          .atMost(Duration.ofMinutes(1))
          .until(
              () ->
                  launcher
                      .process()
                      .descendants()
                      .anyMatch(p -> p.info().commandLine().orElse("").contains("sleep 6")));

      Launcher.Result steered =
          codexPar("steer", "slow", "STEER-51c0: mind the tests", "--dir", runDir.toString());

      assertThat(steered.exitCode()).as(steered.toString()).isZero();
      Launcher.Result run = launcher.await(Duration.ofMinutes(1));
      assertThat(run.exitCode()).as(run.toString()).isZero();
    }
    assertThat(mock.modelRequests())
        .anyMatch(request -> request.body().toString().contains("STEER-51c0: mind the tests"));
    // over now: a steer is refused with why
    Launcher.Result late = codexPar("steer", "slow", "too late", "--dir", runDir.toString());
    assertThat(late.exitCode()).as(late.toString()).isEqualTo(2);
    assertThat(late.err()).contains("nothing to steer");
  }

  @Test
  void aTaskOnTheExecTransportCannotBeSteered() throws IOException {
    Path tasks =
        writeTasks(
            "transport: exec\n",
            """
              - name: slow
                prompt: |
                  Work a while.
                  @mock cmd=sleep 6
                  @mock reply=done
            """);
    try (Launcher launcher =
        Launcher.start(tmp, env(), "run", tasks.toString(), "--dir", runDir.toString())) {
      await()
          .atMost(Duration.ofMinutes(1))
          .until(
              () ->
                  launcher
                      .process()
                      .descendants()
                      .anyMatch(p -> p.info().commandLine().orElse("").contains("sleep 6")));

      Launcher.Result steered = codexPar("steer", "slow", "hello", "--dir", runDir.toString());

      assertThat(steered.exitCode()).as(steered.toString()).isEqualTo(2);
      assertThat(steered.err()).contains("exec transport");
      launcher.await(Duration.ofMinutes(1));
    }
  }

  private Path writeTasks(String topLevel, String tasksBlock) throws IOException {
    StringBuilder yaml = new StringBuilder(topLevel);
    yaml.append("defaults:\n");
    yaml.append("  cwd: work\n");
    yaml.append("  model: ").append(CodexTestEnv.MODEL).append('\n');
    yaml.append("  sandbox: read-write\n");
    yaml.append("  timeout: 2m\n");
    yaml.append("  config_overrides:\n");
    for (String override : codex.configOverrides()) {
      yaml.append("    - ").append(JSON.writeValueAsString(override)).append('\n');
    }
    yaml.append("tasks:\n").append(tasksBlock);
    Path file = tmp.resolve("project/tasks.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private Launcher.Result codexPar(String... args) {
    return Launcher.run(tmp, env(), Duration.ofMinutes(3), args);
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>(codex.environment());
    env.put("CODEX_BIN", CodexTestEnv.appServerBin().toString());
    return env;
  }

  private JsonNode meta(String task) throws IOException {
    return JSON.readTree(runDir.resolve("logs/" + task + ".meta.json").toFile());
  }
}
