package dev.codexpar.mcp;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * For the benchmark suite: {@code get_status} latency of the packaged {@code serve} over real
 * stdio, with a real MCP client, while a run of many live tasks is going on.
 */
public final class StatusLatency {
  /** Latency percentiles in milliseconds and sequential calls per second. */
  public record Figures(int liveTasks, int calls, double p50, double p99, double callsPerSecond) {}

  private StatusLatency() {}

  /**
   * Starts {@code tasks} tasks whose codex sleeps (the benchmark codex's {@code sleep=S} prompt),
   * waits until all of them run, then times {@code calls} {@code get_status} calls one after the
   * other; cancels the run before returning.
   */
  public static Figures measure(Path root, Path codex, Path cwd, int tasks, int calls) {
    StringBuilder yaml = new StringBuilder("tasks:\n");
    for (int i = 0; i < tasks; i++) {
      yaml.append("  - {name: live")
          .append(i)
          .append(", cwd: '")
          .append(cwd)
          .append("', sandbox: read-only, prompt: 'sleep=300'}\n");
    }
    try (McpSession mcp = McpSession.start(root, codex, Map.of())) {
      String runId =
          (String)
              mcp.ok("start_run", Map.of("yaml", yaml.toString(), "max_parallel", tasks))
                  .get("run_id");
      try {
        await()
            .atMost(Duration.ofMinutes(2))
            .until(() -> running(mcp.ok("get_status", Map.of("run_id", runId))) == tasks);
        Map<String, Object> args = Map.of("run_id", runId);
        for (int i = 0; i < Math.max(20, calls / 10); i++) {
          mcp.ok("get_status", args); // warm-up: JIT of both ends
        }
        long[] nanos = new long[calls];
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
          long t0 = System.nanoTime();
          Map<String, Object> status = mcp.ok("get_status", args);
          nanos[i] = System.nanoTime() - t0;
          if (running(status) != tasks) {
            throw new AssertionError("a live task ended during the measurement: " + status);
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(nanos);
        return new Figures(tasks, calls, millis(nanos, 0.50), millis(nanos, 0.99), calls / seconds);
      } finally {
        mcp.ok("cancel_run", Map.of("run_id", runId));
        await()
            .atMost(Duration.ofMinutes(1))
            .until(
                () ->
                    !"running".equals(mcp.ok("get_status", Map.of("run_id", runId)).get("status")));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static long running(Map<String, Object> status) {
    Object running = ((Map<String, Object>) status.get("counts")).get("running");
    return running == null ? 0 : ((Number) running).longValue();
  }

  private static double millis(long[] sorted, double quantile) {
    int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }
}
