package dev.codexpar.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexpar.testing.CodexTestEnv;
import dev.codexpar.testing.MockModelServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} over stdio with the real codex 0.169 CLI, offline against {@link MockModelServer}:
 * what reaches the model is read from the mock's request log.
 */
class McpWithRealCodexIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RUN_DEADLINE = Duration.ofMinutes(2);

  @TempDir Path tmp;
  private MockModelServer mock;
  private CodexTestEnv codex;
  private McpSession mcp;
  private Path work;

  @BeforeEach
  void start() throws IOException {
    assumeTrue(CodexTestEnv.codexAvailable(), "real codex not installed (codex.bin)");
    mock = MockModelServer.start();
    codex = CodexTestEnv.create(mock.baseUrl(), tmp.resolve("codex-home"));
    work = Files.createDirectories(tmp.resolve("work"));
    mcp = McpSession.start(tmp.resolve("root"), CodexTestEnv.codexBin(), codex.environment());
  }

  @AfterEach
  void stop() {
    if (mcp != null) {
      mcp.close();
    }
    if (mock != null) {
      mock.close();
    }
  }

  @Test
  void aStaticRunOfTwoTasksEndsDoneAndItsOutputIsTheModelsReply() throws IOException {
    String yaml =
        "tasks:\n"
            + task("first", "First of two.\\n@mock reply=first answer", List.of())
            + task("second", "Second of two.\\n@mock reply=second answer", List.of("first"));
    String runId = (String) mcp.ok("start_run", Map.of("yaml", yaml)).get("run_id");

    Map<String, Object> status = awaitRunOver(runId);

    assertThat(status.get("status")).isEqualTo("done");
    Map<String, Object> output = mcp.ok("read_output", Map.of("run_id", runId, "task", "second"));
    assertThat(output.get("text")).isEqualTo("second answer");
    assertThat(output.get("eof")).isEqualTo(true);
    // The dependant's prompt names its dependency's output file.
    assertThat(mock.requestsWithPromptContaining("Second of two.").get(0).prompt())
        .contains(tmp.resolve("root/runs/" + runId + "/outputs/first.md").toString());
  }

  @Test
  void factsReachExactlyTheTasksThatStartAfterTheyAreWritten() throws IOException {
    String runId =
        (String) mcp.ok("start_run", Map.of("dynamic", true, "max_parallel", 1)).get("run_id");
    mcp.ok("write_fact", Map.of("run_id", runId, "key", "alpha", "value", "FACT-ALPHA"));
    mcp.ok(
        "dispatch_task",
        Map.of("run_id", runId, "yaml", mapping("early", "Early task.", List.of())));
    await().atMost(RUN_DEADLINE).until(() -> "done".equals(mcp.taskStatus(runId, "early")));
    mcp.ok("write_fact", Map.of("run_id", runId, "key", "beta", "value", "FACT-BETA"));
    mcp.ok(
        "dispatch_wave",
        Map.of("run_id", runId, "yaml", "tasks:\n" + task("late", "Late task.", List.of("early"))));
    mcp.ok("seal_dispatch", Map.of("run_id", runId));

    assertThat(awaitRunOver(runId).get("status")).isEqualTo("done");
    String early = mock.requestsWithPromptContaining("Early task.").get(0).prompt();
    String late = mock.requestsWithPromptContaining("Late task.").get(0).prompt();
    assertThat(early).contains("FACT-ALPHA").doesNotContain("FACT-BETA");
    assertThat(late).contains("FACT-ALPHA", "FACT-BETA");
    assertThat(late.indexOf("FACT-ALPHA")).isLessThan(late.indexOf("FACT-BETA"));
  }

  @Test
  void resumeSendsTheModelExactlyTheTasksThatWereNotDone() throws IOException {
    String yaml =
        "tasks:\n"
            + task("solid", "Solid work.\\n@mock reply=solid output", List.of())
            + task(
                "flaky",
                "Flaky work.\\n@mock fail=invalid_prompt:not this time\\n@mock times=1"
                    + "\\n@mock reply=flaky output",
                List.of())
            + task("after_flaky", "After flaky.", List.of("flaky", "solid"));
    String first =
        (String) mcp.ok("start_run", Map.of("yaml", yaml, "keep_going", true)).get("run_id");
    assertThat(awaitRunOver(first).get("status")).isEqualTo("failed");
    assertThat(mock.requestsWithPromptContaining("After flaky.")).isEmpty();

    Map<String, Object> resumed = mcp.ok("start_run", Map.of("resume_run_id", first));
    String second = (String) resumed.get("run_id");
    assertThat(McpServerIT.list(resumed.get("carried_over"))).containsExactly("solid");

    assertThat(awaitRunOver(second).get("status")).isEqualTo("done");
    assertThat(mock.requestsWithPromptContaining("Solid work.")).hasSize(1);
    assertThat(mock.requestsWithPromptContaining("Flaky work.")).hasSize(2);
    assertThat(mock.requestsWithPromptContaining("After flaky.")).hasSize(1);
    assertThat(mcp.ok("read_output", Map.of("run_id", second, "task", "solid")).get("text"))
        .isEqualTo("solid output");
    assertThat(mcp.ok("read_output", Map.of("run_id", second, "task", "flaky")).get("text"))
        .isEqualTo("flaky output");
  }

  @Test
  void followUpContinuesADoneTaskOfALiveRunAndOfARunThatIsOver() throws IOException {
    String yaml =
        "tasks:\n"
            + task("quick", "Quick work FOLLOW-ONE.\\n@mock reply=quick answer ALPHA", List.of())
            + task("slow", "Slow work FOLLOW-SLOW.\\n@mock sleep=6s", List.of());
    String runId = (String) mcp.ok("start_run", Map.of("yaml", yaml)).get("run_id");
    await().atMost(RUN_DEADLINE).until(() -> "done".equals(mcp.taskStatus(runId, "quick")));
    // refused while the task runs
    await().atMost(RUN_DEADLINE).until(() -> "running".equals(mcp.taskStatus(runId, "slow")));
    assertThat(mcp.error("follow_up", Map.of("run_id", runId, "task", "slow", "prompt", "hi")))
        .isEqualTo("TASK_BUSY");

    // live: the run is still going (slow runs)
    Map<String, Object> asked =
        mcp.ok(
            "follow_up",
            Map.of(
                "run_id",
                runId,
                "task",
                "quick",
                "prompt",
                "Second turn FOLLOW-TWO.\n@mock reply=quick answer BETA"));
    assertThat(asked.get("turn")).isEqualTo(2);
    assertThat(asked.get("status")).isEqualTo("running");
    assertThat(awaitRunOver(runId).get("status")).isEqualTo("done");
    assertThat(mcp.ok("read_output", Map.of("run_id", runId, "task", "quick")).get("text"))
        .isEqualTo("quick answer BETA");
    assertThat(
            mock.requestsWithPromptContaining("FOLLOW-TWO").get(0).body().path("input").toString())
        .contains("Quick work FOLLOW-ONE.")
        .contains("quick answer ALPHA");

    // over: the folder is reopened for the turn, get_status shows the task running again
    Map<String, Object> third =
        mcp.ok(
            "follow_up",
            Map.of(
                "run_id",
                runId,
                "task",
                "quick",
                "prompt",
                "Third turn FOLLOW-THREE.\n@mock sleep=1s\n@mock reply=quick answer GAMMA"));
    assertThat(third.get("turn")).isEqualTo(3);
    assertThat(mcp.taskStatus(runId, "quick")).isEqualTo("running");
    assertThat(awaitRunOver(runId).get("status")).isEqualTo("done");
    assertThat(mcp.ok("read_output", Map.of("run_id", runId, "task", "quick")).get("text"))
        .isEqualTo("quick answer GAMMA");
    assertThat(
            mock.requestsWithPromptContaining("FOLLOW-THREE")
                .get(0)
                .body()
                .path("input")
                .toString())
        .contains("quick answer ALPHA")
        .contains("quick answer BETA");
    Path outputs = tmp.resolve("root/runs/" + runId + "/outputs");
    assertThat(outputs.resolve("quick.turn-1.md")).hasContent("quick answer ALPHA");
    assertThat(outputs.resolve("quick.turn-2.md")).hasContent("quick answer BETA");
  }

  /** One task as a YAML mapping (for dispatch_task's yaml), pointed at the mock. */
  private String mapping(String name, String prompt, List<String> dependsOn) throws IOException {
    StringBuilder yaml = new StringBuilder();
    yaml.append("name: ").append(name).append('\n');
    yaml.append("prompt: \"").append(prompt).append("\"\n");
    yaml.append("cwd: ").append(work).append('\n');
    yaml.append("model: ").append(CodexTestEnv.MODEL).append('\n');
    yaml.append("sandbox: read-only\n");
    yaml.append("skip_git_repo_check: true\n");
    yaml.append("timeout: 2m\n");
    if (!dependsOn.isEmpty()) {
      yaml.append("depends_on: [").append(String.join(", ", dependsOn)).append("]\n");
    }
    yaml.append("config_overrides:\n");
    for (String override : codex.configOverrides()) {
      yaml.append("  - ").append(JSON.writeValueAsString(override)).append('\n');
    }
    return yaml.toString();
  }

  /** The same task as an item of a {@code tasks:} list. */
  private String task(String name, String prompt, List<String> dependsOn) throws IOException {
    StringBuilder item = new StringBuilder();
    boolean first = true;
    for (String line : mapping(name, prompt, dependsOn).split("\n")) {
      item.append(first ? "  - " : "    ").append(line).append('\n');
      first = false;
    }
    return item.toString();
  }

  private Map<String, Object> awaitRunOver(String runId) {
    return mcp.awaitRunOver(runId, RUN_DEADLINE);
  }
}
