package dev.codexpar.mcp;

import static org.awaitility.Awaitility.await;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** The packaged {@code serve} behind a real MCP client over stdio. */
final class McpSession implements AutoCloseable {
  /** The tools every transport serves. */
  static final List<String> TOOLS =
      List.of(
          "start_run",
          "get_status",
          "read_output",
          "read_stderr",
          "cancel_run",
          "dispatch_task",
          "dispatch_wave",
          "seal_dispatch",
          "write_fact",
          "read_facts",
          "get_diff",
          "merge_tasks",
          "follow_up",
          "steer_task");

  /** How long a closed session's server may take to end, with every process it started. */
  private static final Duration SERVER_END = Duration.ofSeconds(30);

  /** How long the server gets to see its input end before it is told to stop. */
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

  final McpSyncClient client;
  private final Optional<ProcessHandle> server;

  private McpSession(McpSyncClient client, Optional<ProcessHandle> server) {
    this.client = client;
    this.server = server;
  }

  static List<String> serveCommand(Path root, Path codex) {
    return appCommand(
        List.of(), "serve", "--dir", root.toString(), "--codex-bin", codex.toString());
  }

  /** {@code java [jvmOptions] -jar <the packaged app> args...}, stdout kept clean. */
  static List<String> appCommand(List<String> jvmOptions, String... args) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar");
    List<String> command =
        new ArrayList<>(List.of(java, "-Xlog:disable", "-Xlog:all=warning:stderr"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", Path.of(jar).toAbsolutePath().toString()));
    command.addAll(List.of(args));
    return command;
  }

  static McpSession start(Path root, Path codex, Map<String, String> env) {
    return start(root, codex, env, spec -> {});
  }

  /** As above, with the client's notification consumers set by {@code client}. */
  static McpSession start(
      Path root,
      Path codex,
      Map<String, String> env,
      java.util.function.Consumer<McpClient.SyncSpec> client) {
    List<String> command = serveCommand(root, codex);
    ServerParameters params =
        ServerParameters.builder(command.get(0))
            .args(command.subList(1, command.size()))
            .env(env)
            .build();
    StdioClientTransport transport = new StdioClientTransport(params, McpJsonDefaults.getMapper());
    transport.setStdErrorHandler(line -> System.err.println("[serve] " + line));
    McpClient.SyncSpec spec =
        McpClient.sync(transport)
            .requestTimeout(Duration.ofSeconds(40))
            .initializationTimeout(Duration.ofSeconds(30));
    client.accept(spec);
    Set<Long> earlier =
        ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    McpSyncClient built = spec.build();
    built.initialize();
    // the server: the child this session started (another session may serve the same root)
    List<String> args = command.subList(1, command.size());
    Optional<ProcessHandle> server =
        ProcessHandle.current()
            .children()
            .filter(p -> !earlier.contains(p.pid()))
            .filter(p -> p.info().arguments().map(a -> List.of(a).equals(args)).orElse(false))
            .findFirst();
    return new McpSession(built, server);
  }

  McpSchema.CallToolResult call(String tool, Map<String, Object> args) {
    return client.callTool(new McpSchema.CallToolRequest(tool, args));
  }

  /** The structured content of a successful call (fails the test on an error result). */
  @SuppressWarnings("unchecked")
  Map<String, Object> ok(String tool, Map<String, Object> args) {
    McpSchema.CallToolResult result = call(tool, args);
    if (Boolean.TRUE.equals(result.isError())) {
      throw new AssertionError(
          tool + " failed: " + result.structuredContent() + " " + text(result));
    }
    return (Map<String, Object>) result.structuredContent();
  }

  /** The error code of a failed call (fails the test on success). */
  @SuppressWarnings("unchecked")
  String error(String tool, Map<String, Object> args) {
    McpSchema.CallToolResult result = call(tool, args);
    if (!Boolean.TRUE.equals(result.isError())) {
      throw new AssertionError(tool + " should have failed: " + result.structuredContent());
    }
    if (text(result).isBlank()) {
      throw new AssertionError(tool + ": an error result without text");
    }
    return (String) ((Map<String, Object>) result.structuredContent()).get("code");
  }

  /** Waits (get_status with wait_s, within {@code deadline}) until the run is no longer running. */
  Map<String, Object> awaitRunOver(String runId, Duration deadline) {
    List<Map<String, Object>> last = new ArrayList<>();
    await()
        .atMost(deadline)
        .until(
            () -> {
              Map<String, Object> status = ok("get_status", Map.of("run_id", runId, "wait_s", 5));
              last.add(0, status);
              return !"running".equals(status.get("status"));
            });
    return last.get(0);
  }

  /** A task's status, from get_status with its tasks. */
  String taskStatus(String runId, String task) {
    return McpServerIT.maps(
            ok("get_status", Map.of("run_id", runId, "detail", "tasks")).get("tasks"))
        .stream()
        .filter(t -> task.equals(t.get("name")))
        .map(t -> (String) t.get("status"))
        .findFirst()
        .orElseThrow();
  }

  static String text(McpSchema.CallToolResult result) {
    return result.content().stream()
        .filter(c -> c instanceof McpSchema.TextContent)
        .map(c -> ((McpSchema.TextContent) c).text())
        .findFirst()
        .orElse("");
  }

  /**
   * Closes the client, then waits until the server and what it started have ended: a server still
   * stopping its runs writes into folders a test is about to delete. The SDK's graceful close does
   * not always close the server's stdin (seen after a 200-task run); a server still up then gets
   * SIGTERM, as from a client that went away.
   */
  @Override
  public void close() {
    List<ProcessHandle> started = new ArrayList<>();
    server.ifPresent(
        s -> {
          started.add(s);
          started.addAll(s.descendants().toList());
        });
    client.closeGracefully();
    server.ifPresent(
        s -> {
          try {
            s.onExit().get(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
          } catch (TimeoutException e) {
            s.destroy();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (ExecutionException e) {
            throw new IllegalStateException(e);
          }
        });
    await().atMost(SERVER_END).until(() -> started.stream().noneMatch(ProcessHandle::isAlive));
  }
}
