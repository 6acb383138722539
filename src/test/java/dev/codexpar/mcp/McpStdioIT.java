package dev.codexpar.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} driven line by line over raw stdio: the guard's faults and the client leaving. */
class McpStdioIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration EXIT_DEADLINE = Duration.ofSeconds(6);

  @TempDir Path tmp;
  Path log;
  Path root;
  Process serve;
  OutputStream stdin;
  final BlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    root = tmp.resolve("root");
    log = Files.createDirectories(tmp.resolve("log"));
    Path codex = FakeCodex.install(tmp.resolve("bin"));
    ProcessBuilder builder =
        new ProcessBuilder(McpSession.serveCommand(root, codex))
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put("FAKE_CODEX_LOG", log.toString());
    serve = builder.start();
    stdin = serve.getOutputStream();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  answers.add(JSON.readTree(line));
                }
              } catch (Exception e) {
                answers.add(JSON.createObjectNode().put("reader_failed", e.toString()));
              }
            });
    reader.setDaemon(true);
    reader.start();
    send(
        request(
            1,
            "initialize",
            Map.of(
                "protocolVersion", "2025-06-18",
                "capabilities", Map.of(),
                "clientInfo", Map.of("name", "raw", "version", "1"))));
    assertThat(answer(1).has("result")).isTrue();
    send(JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "method", "notifications/initialized")));
  }

  @AfterEach
  void stop() {
    serve.destroyForcibly();
  }

  @Test
  void aLineThatIsNotJsonGetsAParseErrorAndTheServerGoesOn() throws Exception {
    send("this is not json");
    JsonNode error = answers.poll(10, TimeUnit.SECONDS);
    assertThat(error).isNotNull();
    assertThat(error.path("error").path("code").asInt()).isEqualTo(-32700);
    assertThat(error.get("id").isNull()).isTrue();

    send(request(2, "tools/list", Map.of()));
    assertThat(answer(2).path("result").path("tools").size()).isEqualTo(McpSession.TOOLS.size());
  }

  @Test
  void nullParamsAndArrayArgumentsGetInvalidParamsAndTheServerGoesOn() throws Exception {
    send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":null}");
    JsonNode nullParams = answer(3);
    assertThat(nullParams.path("error").path("code").asInt()).isEqualTo(-32602);
    assertThat(nullParams.path("error").path("message").asText()).contains("params");

    send(
        request(
            4, "tools/call", Map.of("name", "get_status", "arguments", List.of("run_id", "x"))));
    JsonNode arrayArguments = answer(4);
    assertThat(arrayArguments.path("error").path("code").asInt()).isEqualTo(-32602);
    assertThat(arrayArguments.path("error").path("message").asText()).contains("arguments");

    send(request(5, "tools/list", Map.of()));
    assertThat(answer(5).path("result").path("tools").size()).isEqualTo(McpSession.TOOLS.size());
  }

  @Test
  void aTwentyMegabyteLineGetsAnErrorAndTheServerGoesOn() throws Exception {
    String huge = "x".repeat(20 << 20);
    send(
        request(
            6, "tools/call", Map.of("name", "get_status", "arguments", Map.of("run_id", huge))));
    JsonNode error = answers.poll(30, TimeUnit.SECONDS);
    assertThat(error).isNotNull();
    assertThat(error.path("error").path("code").asInt()).isEqualTo(-32600);
    assertThat(error.path("error").path("message").asText()).contains("longer than");

    send(request(7, "tools/list", Map.of()));
    assertThat(answer(7).path("result").path("tools").size()).isEqualTo(McpSession.TOOLS.size());
  }

  @Test
  void requestsQueuedAtStdinEofAreAllAnswered() throws Exception {
    for (int id = 10; id < 16; id++) {
      send(request(id, "tools/call", Map.of("name", "get_status", "arguments", Map.of())));
    }
    stdin.close();
    for (int id = 10; id < 16; id++) {
      assertThat(answer(id).path("result").path("isError").asBoolean()).isFalse();
    }
    assertThat(serve.waitFor(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void closingStdinMidRunKillsEveryChildAndLeavesMetasCancelled() throws Exception {
    String yaml =
        "tasks:\n"
            + "- {name: h1, cwd: "
            + tmp
            + ", prompt: HANG}\n"
            + "- {name: h2, cwd: "
            + tmp
            + ", prompt: HANG}\n"
            + "- {name: after, cwd: "
            + tmp
            + ", prompt: go, depends_on: [h1]}\n";
    send(request(2, "tools/call", Map.of("name", "start_run", "arguments", Map.of("yaml", yaml))));
    String runId = answer(2).path("result").path("structuredContent").path("run_id").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> FakeCodex.pids(log, "h1").size() == 2 && FakeCodex.pids(log, "h2").size() == 2);
    List<Long> pids = new java.util.ArrayList<>(FakeCodex.pids(log, "h1"));
    pids.addAll(FakeCodex.pids(log, "h2"));

    long start = System.nanoTime();
    stdin.close();
    assertThat(serve.waitFor(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    await().atMost(Duration.ofSeconds(2)).until(() -> pids.stream().noneMatch(FakeCodex::alive));

    Path run = root.resolve("runs").resolve(runId);
    assertThat(JSON.readTree(run.resolve("run.meta.json").toFile()).path("status").asText())
        .isEqualTo("cancelled");
    for (String task : List.of("h1", "h2", "after")) {
      JsonNode meta = JSON.readTree(run.resolve("logs/" + task + ".meta.json").toFile());
      assertThat(meta.path("status").asText()).as(task).isEqualTo("cancelled");
    }
  }

  private void send(String line) throws Exception {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  private static String request(int id, String method, Map<String, Object> params)
      throws Exception {
    return JSON.writeValueAsString(
        Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", params));
  }

  /** The answer to request {@code id}; answers may come out of order. */
  private JsonNode answer(int id) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    List<JsonNode> others = new java.util.ArrayList<>();
    try {
      while (System.nanoTime() < deadline) {
        JsonNode next = answers.poll(500, TimeUnit.MILLISECONDS);
        if (next == null) {
          continue;
        }
        if (next.path("id").asInt(-1) == id) {
          return next;
        }
        others.add(next);
      }
      throw new AssertionError("no answer to request " + id + "; got " + others);
    } finally {
      answers.addAll(others);
    }
  }
}
