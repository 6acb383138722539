package dev.codexpar.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a model reads: answers that stay small whatever the run's size, arguments it cannot get
 * wrong, tasks' files as resources, progress while it waits. Over real stdio with the MCP Java SDK.
 */
class McpLeanIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DEADLINE = Duration.ofMinutes(2);
  private static final int STATUS_BUDGET = 6 * 1024;
  private static final int TOOLS_BUDGET = 10 * 1024;

  @TempDir Path tmp;
  private Path log;
  private McpSession mcp;
  private final List<List<McpSchema.ResourceContents>> updates = new CopyOnWriteArrayList<>();
  private final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() throws Exception {
    log = Files.createDirectories(tmp.resolve("log"));
    Path codex = FakeCodex.install(tmp.resolve("bin"));
    mcp =
        McpSession.start(
            tmp.resolve("root"),
            codex,
            Map.of("FAKE_CODEX_LOG", log.toString()),
            spec -> spec.resourcesUpdateConsumer(updates::add).progressConsumer(progress::add));
  }

  @AfterEach
  void stopServer() {
    mcp.close();
  }

  @Test
  void theToolListFitsItsBudget() throws Exception {
    List<McpSchema.Tool> tools = mcp.client.listTools().tools();
    int bytes = JSON.writeValueAsBytes(JSON.readTree(toJson(tools))).length;
    System.out.println("tools/list: " + bytes + " bytes");
    assertThat(bytes).isLessThanOrEqualTo(TOOLS_BUDGET);
  }

  @Test
  void aBigRunsStatusStaysSmallMidRunAndAtItsEndAndItsTableComesInPages() throws Exception {
    String runId = start(tasks(200, "HANG"), 16);
    await()
        .atMost(DEADLINE)
        .until(() -> count(mcp.ok("get_status", Map.of("run_id", runId)), "running") == 16);
    McpSchema.CallToolResult mid = mcp.call("get_status", Map.of("run_id", runId));
    assertThat(size(mid)).as("mid-run answer").isLessThanOrEqualTo(STATUS_BUDGET);
    Map<String, Object> midView = structured(mid);
    assertThat(McpServerIT.maps(midView.get("running"))).hasSize(16);
    assertThat(midView).doesNotContainKey("tasks");

    Map<String, Object> page =
        mcp.ok("get_status", Map.of("run_id", runId, "detail", "tasks", "limit", 50));
    assertThat(McpServerIT.maps(page.get("tasks"))).hasSize(50);
    assertThat(page.get("next_offset")).isEqualTo(50);
    Map<String, Object> last =
        mcp.ok("get_status", Map.of("run_id", runId, "detail", "tasks", "offset", 150));
    assertThat(McpServerIT.maps(last.get("tasks")))
        .extracting(t -> t.get("name"))
        .startsWith("t150")
        .hasSize(50);
    assertThat(last).doesNotContainKey("next_offset");

    // Given the version it saw, a caller gets only the tasks changed since: the cancelled one and
    // the one that took its slot.
    long seen = ((Number) midView.get("version")).longValue();
    mcp.ok("cancel_run", Map.of("run_id", runId, "task", "t005"));
    Map<String, Object> since =
        mcp.ok("get_status", Map.of("run_id", runId, "detail", "tasks", "since_version", seen));
    assertThat(McpServerIT.maps(since.get("tasks")))
        .extracting(t -> (String) t.get("name"))
        .contains("t005")
        .isSubsetOf("t005", "t016");

    mcp.ok("cancel_run", Map.of("run_id", runId));
    McpSchema.CallToolResult end = mcp.call("get_status", Map.of("run_id", runId));
    assertThat(structured(end).get("status")).isEqualTo("cancelled");
    assertThat(size(end)).as("answer at the end").isLessThanOrEqualTo(STATUS_BUDGET);
    // Every task went wrong, the list is bounded and the counts tell the rest.
    assertThat(McpServerIT.maps(structured(end).get("troubled"))).hasSize(StatusViews.LIST_LIMIT);
    assertThat(McpServerIT.map(structured(end).get("counts"))).containsEntry("cancelled", 200);
  }

  @Test
  void tasksComeAsJsonObjectsAndAWrongArgumentIsRefusedByName() {
    List<Map<String, Object>> tasks =
        List.of(
            Map.of("name", "a", "cwd", tmp.toString(), "prompt", "go"),
            Map.of("name", "b", "cwd", tmp.toString(), "prompt", "go", "depends_on", List.of("a")));
    String runId = (String) mcp.ok("start_run", Map.of("tasks", tasks)).get("run_id");
    assertThat(mcp.awaitRunOver(runId, DEADLINE).get("status")).isEqualTo("done");

    McpSchema.CallToolResult bad =
        mcp.call("start_run", Map.of("tasks", List.of(Map.of("name", "x", "cwd", tmp.toString()))));
    assertThat(McpSession.text(bad)).startsWith("VALIDATION_FAILED").contains("'x'", "prompt");

    McpSchema.CallToolResult unknown = mcp.call("get_status", Map.of("run_id", runId, "wait", 5));
    assertThat(unknown.isError()).isTrue();
    assertThat(structured(unknown).get("code")).isEqualTo("INVALID_ARGUMENT");
    assertThat((String) structured(unknown).get("message"))
        .contains("unknown argument 'wait'", "wait_s");
    assertThat(mcp.error("get_status", Map.of("run_id", runId, "wait_s", "5")))
        .isEqualTo("INVALID_ARGUMENT");
    assertThat(mcp.error("get_status", Map.of("run_id", runId, "wait_s", 2.5)))
        .isEqualTo("INVALID_ARGUMENT");
    assertThat(
            mcp.error(
                "read_output",
                Map.of(
                    "run_id",
                    runId,
                    "task",
                    "a",
                    "offset",
                    new java.math.BigInteger("18446744073709551616"))))
        .isEqualTo("INVALID_ARGUMENT");
    assertThat(mcp.error("start_run", Map.of("tasks", "not a list"))).isEqualTo("INVALID_ARGUMENT");
  }

  @Test
  void aTasksOutputIsAResourceItsSubscriberHearsOfAndProgressCountsTasksEnding() throws Exception {
    String runId = start(tasks(1, "HANG") + "- {name: quick, cwd: " + tmp + ", prompt: go}\n", 4);
    String hanging = TaskResources.SCHEME + runId + "/tasks/t000/output";
    List<String> listed = new ArrayList<>();
    mcp.client.listResources().resources().forEach(r -> listed.add(r.uri()));
    assertThat(listed).contains(hanging, TaskResources.SCHEME + runId + "/tasks/quick/stderr");
    mcp.client.subscribeResource(new McpSchema.SubscribeRequest(hanging));

    await()
        .atMost(DEADLINE)
        .until(() -> count(mcp.ok("get_status", Map.of("run_id", runId)), "done") == 1);
    // A waiting call with a progress token hears where the run stands, then of each task ending.
    java.util.concurrent.CompletableFuture<McpSchema.CallToolResult> waited =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                mcp.client.callTool(
                    new McpSchema.CallToolRequest(
                        "get_status",
                        Map.of("run_id", runId, "wait_s", 20),
                        Map.of("progressToken", "p-1"))));
    await().atMost(DEADLINE).until(() -> !progress.isEmpty());
    assertThat(progress.get(0).progressToken()).isEqualTo("p-1");
    assertThat(progress.get(0).progress()).isEqualTo(1.0);
    assertThat(progress.get(0).total()).isEqualTo(2.0);
    mcp.ok("cancel_run", Map.of("run_id", runId, "task", "t000"));
    McpSchema.CallToolResult over = waited.get(1, java.util.concurrent.TimeUnit.MINUTES);
    assertThat(structured(over).get("status")).isEqualTo("cancelled");
    assertThat(progress.get(progress.size() - 1).progress()).isEqualTo(2.0);
    await().atMost(DEADLINE).until(() -> !updates.isEmpty());
    McpSchema.ReadResourceResult quick =
        mcp.client.readResource(
            new McpSchema.ReadResourceRequest(
                TaskResources.SCHEME + runId + "/tasks/quick/output"));
    String text = ((McpSchema.TextResourceContents) quick.contents().get(0)).text();
    assertThat(text).contains("line " + FakeCodex.OUTPUT_LINES + " of quick");
  }

  private String start(String yaml, int parallel) {
    return (String)
        mcp.ok("start_run", Map.of("yaml", yaml, "max_parallel", parallel)).get("run_id");
  }

  private String tasks(int n, String prompt) {
    StringBuilder yaml = new StringBuilder("tasks:\n");
    for (int i = 0; i < n; i++) {
      yaml.append(String.format("- {name: t%03d, cwd: %s, prompt: %s}%n", i, tmp, prompt));
    }
    return yaml.toString();
  }

  private static long count(Map<String, Object> status, String what) {
    Object n = McpServerIT.map(status.get("counts")).get(what);
    return n == null ? 0 : ((Number) n).longValue();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> structured(McpSchema.CallToolResult result) {
    return (Map<String, Object>) result.structuredContent();
  }

  /** What a model reads of a result: its structured content as JSON and its text. */
  static int size(McpSchema.CallToolResult result) throws Exception {
    return JSON.writeValueAsBytes(result.structuredContent()).length
        + McpSession.text(result).getBytes(StandardCharsets.UTF_8).length;
  }

  private static String toJson(Object value) throws Exception {
    return io.modelcontextprotocol.json.McpJsonDefaults.getMapper().writeValueAsString(value);
  }
}
