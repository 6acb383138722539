package dev.codexpar.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server whose codex cannot be found still serves (a client would show a dead server only as an
 * error): it lists its tools and answers status, and the tools that run codex say what was tried.
 */
class McpWithoutCodexIT {
  @TempDir Path tmp;

  @Test
  void servesEveryToolAndRefusesOnlyTheOnesThatRunCodex() {
    Path missing = tmp.resolve("no-such-codex");
    try (McpSession mcp = McpSession.start(tmp.resolve("root"), missing, Map.of())) {
      assertThat(mcp.client.listTools().tools()).hasSize(11);
      assertThat(mcp.ok("get_status", Map.of())).containsEntry("runs", java.util.List.of());

      McpSchema.CallToolResult refused =
          mcp.call("start_run", Map.of("yaml", "tasks:\n- {name: a, cwd: ., prompt: p}\n"));
      assertThat(refused.isError()).isTrue();
      assertThat(McpSession.text(refused))
          .startsWith("CODEX_NOT_FOUND: ")
          .contains(missing.toString())
          .contains("npm install");
      assertThat(mcp.error("start_run", Map.of("dynamic", true))).isEqualTo("CODEX_NOT_FOUND");
      assertThat(mcp.error("get_status", Map.of("run_id", "nope"))).isEqualTo("RUN_NOT_FOUND");
    }
  }
}
