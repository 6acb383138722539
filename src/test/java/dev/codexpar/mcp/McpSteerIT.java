package dev.codexpar.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexpar.testing.CodexTestEnv;
import dev.codexpar.testing.MockModelServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MCP {@code steer_task} against {@code serve} over stdio (the official Java SDK client), a run on
 * the app-server transport with the real codex 0.171, offline against {@link MockModelServer}.
 */
class McpSteerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RUN_DEADLINE = Duration.ofMinutes(2);

  @TempDir Path tmp;
  private MockModelServer mock;
  private CodexTestEnv codex;
  private McpSession mcp;
  private Path work;

  @BeforeEach
  void start() throws IOException {
    mock = MockModelServer.start();
    codex = CodexTestEnv.create(mock.baseUrl(), tmp.resolve("codex-home"));
    work = Files.createDirectories(tmp.resolve("work"));
    mcp = McpSession.start(tmp.resolve("root"), CodexTestEnv.appServerBin(), codex.environment());
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
  void aSteerReachesTheModelAndAnEndedTaskIsRefused() throws IOException {
    String runId =
        startOnAppServer(tasks("Work a while.\\n@mock cmd=sleep 6\\n@mock reply=steered"));
    await()
        .atMost(RUN_DEADLINE)
        .until(
            () ->
                ProcessHandle.current()
                    .descendants()
                    .anyMatch(p -> p.info().commandLine().orElse("").contains("sleep 6")));

    Map<String, Object> steered =
        mcp.ok(
            "steer_task",
            Map.of("run_id", runId, "task", "slow", "message", "STEER-9d2e: and the docs"));

    assertThat(steered).containsEntry("task", "slow");
    assertThat(mcp.awaitRunOver(runId, RUN_DEADLINE).get("status")).isEqualTo("done");
    assertThat(mock.modelRequests())
        .anyMatch(request -> request.body().toString().contains("STEER-9d2e: and the docs"));
    McpSchema.CallToolResult late =
        mcp.call("steer_task", Map.of("run_id", runId, "task", "slow", "message", "late"));
    assertThat(late.isError()).isTrue();
    assertThat(McpSession.text(late)).startsWith("TASK_NOT_RUNNING: ");
  }

  @Test
  void aFollowUpInALiveAppServerRunWaitsForItsEnd() throws IOException {
    String runId =
        startOnAppServer(
            "tasks:\n"
                + task("slow", "Work a while.\\n@mock cmd=sleep 6\\n@mock reply=slow")
                + task("quick", "Quick one.\\n@mock reply=quick done"));
    await().atMost(RUN_DEADLINE).until(() -> "done".equals(mcp.taskStatus(runId, "quick")));

    McpSchema.CallToolResult refused =
        mcp.call("follow_up", Map.of("run_id", runId, "task", "quick", "prompt", "And then?"));

    assertThat(refused.isError()).isTrue();
    assertThat(McpSession.text(refused))
        .startsWith("RUN_LIVE: ")
        .contains("task 'quick'")
        .contains("once the run is over");
    assertThat(mcp.awaitRunOver(runId, RUN_DEADLINE).get("status")).isEqualTo("done");
    assertThat(mock.requestsWithPromptContaining("And then?")).isEmpty();
  }

  @Test
  void startRunsHostsThatCannotBeReachedAreRefusedNamingThem() throws IOException {
    McpSchema.CallToolResult refused =
        mcp.call(
            "start_run",
            Map.of("yaml", tasks("p"), "hosts", java.util.List.of("ws://127.0.0.1:1")));

    assertThat(refused.isError()).isTrue();
    assertThat(McpSession.text(refused))
        .contains("no app-server host could be reached")
        .contains("ws://127.0.0.1:1");
  }

  private String startOnAppServer(String yaml) {
    return (String)
        mcp.ok("start_run", Map.of("yaml", yaml, "transport", "app-server")).get("run_id");
  }

  private String tasks(String prompt) throws IOException {
    return "tasks:\n" + task("slow", prompt);
  }

  private String task(String name, String prompt) throws IOException {
    StringBuilder yaml = new StringBuilder();
    yaml.append("  - name: ").append(name).append('\n');
    yaml.append("    prompt: \"").append(prompt).append("\"\n");
    yaml.append("    cwd: ").append(work).append('\n');
    yaml.append("    model: ").append(CodexTestEnv.MODEL).append('\n');
    yaml.append("    sandbox: workspace-write\n");
    yaml.append("    timeout: 2m\n");
    yaml.append("    config_overrides:\n");
    for (String override : codex.configOverrides()) {
      yaml.append("      - ").append(JSON.writeValueAsString(override)).append('\n');
    }
    return yaml.toString();
  }
}
