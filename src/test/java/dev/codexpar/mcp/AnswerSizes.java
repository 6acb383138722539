package dev.codexpar.mcp;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * For the benchmark suite: the bytes a model reads of get_status (structured content as JSON plus
 * text) for a run of {@code tasks} tasks, 16 of them running, then once it is over, and of
 * tools/list; over real stdio with the MCP Java SDK client.
 */
public final class AnswerSizes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RUNNING = 16;

  /** Bytes of each answer. */
  public record Figures(int tasks, int midRun, int atEnd, int tablePage, int runList, int tools) {}

  private AnswerSizes() {}

  public static Figures measure(Path root, Path codex, Path cwd, int tasks) throws Exception {
    StringBuilder yaml = new StringBuilder("tasks:\n");
    for (int i = 0; i < tasks; i++) {
      yaml.append("  - {name: task-")
          .append(i)
          .append(", cwd: '")
          .append(cwd)
          .append("', sandbox: read-only, prompt: 'sleep=300'}\n");
    }
    int running = Math.min(RUNNING, tasks);
    try (McpSession mcp = McpSession.start(root, codex, Map.of())) {
      String runId =
          (String)
              mcp.ok("start_run", Map.of("yaml", yaml.toString(), "max_parallel", running))
                  .get("run_id");
      Map<String, Object> status = Map.of("run_id", runId);
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () ->
                  McpServerIT.map(mcp.ok("get_status", status).get("counts")).get("running")
                          instanceof Number n
                      && n.intValue() == running);
      int mid = bytes(mcp.call("get_status", status));
      int page = bytes(mcp.call("get_status", Map.of("run_id", runId, "detail", "tasks")));
      int list = bytes(mcp.call("get_status", Map.of()));
      int tools =
          JSON.writeValueAsBytes(
                  JSON.readTree(
                      io.modelcontextprotocol.json.McpJsonDefaults.getMapper()
                          .writeValueAsString(mcp.client.listTools().tools())))
              .length;
      mcp.ok("cancel_run", status);
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> !"running".equals(mcp.ok("get_status", status).get("status")));
      int end = bytes(mcp.call("get_status", status));
      return new Figures(tasks, mid, end, page, list, tools);
    }
  }

  private static int bytes(McpSchema.CallToolResult result) throws Exception {
    return JSON.writeValueAsBytes(result.structuredContent()).length
        + McpSession.text(result).getBytes(StandardCharsets.UTF_8).length;
  }
}
