package dev.codexpar.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codexpar.testing.Launcher;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --http} from the packaged jar, driven with rest-assured over MCP Streamable HTTP,
 * with the fake codex; the run folders it writes are read by the CLI and by a stdio server.
 */
class McpHttpIT {
  private static final Duration RUN_DEADLINE = Duration.ofSeconds(60);
  private static final String TOKEN = "t0ken-for-the-http-test";

  @TempDir Path tmp;
  Path root;
  Path log;
  Path codex;
  Map<String, String> env;
  HttpServe serve;

  @BeforeEach
  void setUp() throws Exception {
    root = tmp.resolve("root");
    log = Files.createDirectories(tmp.resolve("log"));
    codex = FakeCodex.install(tmp.resolve("bin"));
    env = Map.of("FAKE_CODEX_LOG", log.toString());
  }

  @AfterEach
  void stopServer() {
    if (serve != null) {
      serve.close();
    }
  }

  @Test
  void initializeListToolsAndARunFromStartToOutput() throws Exception {
    serve = HttpServe.start(root, codex, env);
    McpHttpSession mcp = McpHttpSession.open(serve.url(), Optional.empty());

    JsonNode tools = mcp.rpc("tools/list", Map.of()).path("result").path("tools");
    List<String> names = new ArrayList<>();
    tools.forEach(t -> names.add(t.path("name").asText()));
    assertThat(names).containsExactlyInAnyOrderElementsOf(McpSession.TOOLS);

    String runId = startRun(mcp, task("a", "go") + task("b", "go", "a"));
    assertThat(awaitRunOver(mcp, runId).path("status").asText()).isEqualTo("done");

    Path output = root.resolve("runs").resolve(runId).resolve("outputs/b.md");
    JsonNode chunk = mcp.ok("read_output", Map.of("run_id", runId, "task", "b"));
    assertThat(chunk.path("text").asText())
        .isEqualTo(Files.readString(output, StandardCharsets.UTF_8))
        .contains("line " + FakeCodex.OUTPUT_LINES + " of b");
    assertThat(chunk.path("eof").asBoolean()).isTrue();

    // The run folder is the source of truth: the CLI reads the run an HTTP client started.
    Launcher.Result status =
        Launcher.run(
            tmp,
            Map.of(),
            Duration.ofMinutes(2),
            "status",
            "--dir",
            root.resolve("runs").resolve(runId).toString());
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out()).contains(runId).contains("done");
  }

  @Test
  void withATokenEveryRequestWithoutItIsRefusedAndRunsNothing() throws Exception {
    Path tokenFile = Files.writeString(tmp.resolve("token"), TOKEN + "\n");
    serve = HttpServe.start(root, codex, env, "--token-file", tokenFile.toString());

    Response anonymous =
        McpHttpSession.request(serve.url(), Optional.empty())
            .body(McpHttpSession.initializeBody(1))
            .post();
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
    Response wrong =
        McpHttpSession.request(serve.url(), Optional.of(TOKEN + "x"))
            .body(McpHttpSession.initializeBody(1))
            .post();
    assertThat(wrong.statusCode()).isEqualTo(401);
    // The older SSE transport the extension also serves is behind the same gate.
    assertThat(io.restassured.RestAssured.given().baseUri(serve.url()).get("/mcp/sse").statusCode())
        .isEqualTo(401);

    // A valid session does not help a request that lacks the token: no tool runs.
    McpHttpSession mcp = McpHttpSession.open(serve.url(), Optional.of(TOKEN));
    Response start =
        McpHttpSession.request(serve.url(), Optional.empty())
            .header("Mcp-Session-Id", mcp.sessionId)
            .body(
                McpHttpSession.message(
                    7,
                    "tools/call",
                    Map.of(
                        "name", "start_run", "arguments", Map.of("yaml", tasks(task("a", "go"))))))
            .post();
    assertThat(start.statusCode()).isEqualTo(401);
    assertThat(root.resolve("runs")).doesNotExist();
    assertThat(log).isEmptyDirectory();

    String runId = startRun(mcp, task("a", "go"));
    assertThat(awaitRunOver(mcp, runId).path("status").asText()).isEqualTo("done");
  }

  @Test
  void aTokenFromTheEnvironmentIsRequiredAndNeverReachesTheAgents() throws Exception {
    Map<String, String> withToken = new java.util.HashMap<>(env);
    withToken.put("CODEX_PAR_TOKEN", TOKEN);
    serve = HttpServe.start(root, codex, withToken);
    assertThat(
            McpHttpSession.request(serve.url(), Optional.empty())
                .body(McpHttpSession.initializeBody(1))
                .post()
                .statusCode())
        .isEqualTo(401);

    McpHttpSession mcp = McpHttpSession.open(serve.url(), Optional.of(TOKEN));
    String runId = startRun(mcp, task("a", "go"));
    assertThat(awaitRunOver(mcp, runId).path("status").asText()).isEqualTo("done");
    assertThat(log.resolve("a.codex-par-token")).hasContent("unset");
  }

  @Test
  void badJsonAndUnknownSessionsGetHttpAndJsonRpcErrors() throws Exception {
    serve = HttpServe.start(root, codex, env);
    McpHttpSession mcp = McpHttpSession.open(serve.url(), Optional.empty());

    Response notJson = mcp.post("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ");
    assertThat(notJson.statusCode()).isEqualTo(400);
    JsonNode parseError = McpHttpSession.JSON.readTree(notJson.asString());
    assertThat(parseError.path("error").path("code").asInt()).isEqualTo(-32700);
    assertThat(parseError.path("id").isNull()).isTrue();
    assertThat(mcp.post("").statusCode()).as("empty body").isEqualTo(400);

    Response unknown =
        McpHttpSession.request(serve.url(), Optional.empty())
            .header("Mcp-Session-Id", "no-such-session")
            .body(McpHttpSession.message(2, "tools/list", Map.of()))
            .post();
    assertThat(unknown.statusCode()).isEqualTo(404);

    // The server and the session go on.
    assertThat(mcp.rpc("tools/list", Map.of()).path("result").path("tools").size())
        .isEqualTo(McpSession.TOOLS.size());
  }

  @Test
  void nullParamsAndArrayArgumentsGetInvalidParams() throws Exception {
    serve = HttpServe.start(root, codex, env);
    McpHttpSession mcp = McpHttpSession.open(serve.url(), Optional.empty());

    Response nullParams =
        mcp.post("{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"tools/call\",\"params\":null}");
    JsonNode error = McpHttpSession.JSON.readTree(nullParams.asString());
    assertThat(error.path("id").asInt()).isEqualTo(41);
    assertThat(error.path("error").path("code").asInt()).isEqualTo(-32602);

    JsonNode array =
        mcp.rpc("tools/call", Map.of("name", "get_status", "arguments", List.of("run_id")));
    assertThat(array.path("error").path("code").asInt()).isEqualTo(-32602);
    assertThat(array.path("error").path("message").asText()).contains("arguments");

    assertThat(mcp.rpc("tools/list", Map.of()).path("result").path("tools").size())
        .isEqualTo(McpSession.TOOLS.size());
  }

  @Test
  void twoHundredFiftyWaitingClientsHoldNoThreadThatAPlainCallNeeds() throws Exception {
    serve = HttpServe.start(root, codex, env);
    McpHttpSession mcp = McpHttpSession.open(serve.url(), Optional.empty());
    String runId = startRun(mcp, task("h", "HANG"));
    await().atMost(RUN_DEADLINE).until(() -> FakeCodex.pids(log, "h").size() == 2);
    long version = mcp.ok("get_status", Map.of("run_id", runId)).path("version").asLong();

    // More waits than Quarkus has worker threads (200 at most by default), each on a
    // connection of its own, all sent in full before the plain call.
    int waiters = 250;
    CountDownLatch sent = new CountDownLatch(waiters);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<CompletableFuture<HttpResponse<String>>> waits = new ArrayList<>();
    for (int i = 0; i < waiters; i++) {
      String body =
          McpHttpSession.message(
              1000 + i,
              "tools/call",
              Map.of(
                  "name",
                  "get_status",
                  "arguments",
                  Map.of("run_id", runId, "wait_s", 20, "since_version", version)));
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(serve.url() + "/mcp"))
              .header("Content-Type", "application/json")
              .header("Accept", McpHttpSession.ACCEPT)
              .header("Mcp-Session-Id", mcp.sessionId)
              .POST(signalling(body, sent))
              .build();
      waits.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    assertThat(sent.await(30, TimeUnit.SECONDS)).as("every wait sent").isTrue();

    McpHttpSession other = McpHttpSession.open(serve.url(), Optional.empty());
    assertThat(other.ok("get_status", Map.of("run_id", runId)).path("status").asText())
        .isEqualTo("running");
    assertThat(
            waits.stream()
                .filter(CompletableFuture::isDone)
                .map(CompletableFuture::join)
                .map(r -> r.statusCode() + " " + r.body())
                .toList())
        .as("waits over when the plain call answered")
        .isEmpty();

    // A change ends every wait at once, each with the run past the version it waited on.
    other.ok("cancel_run", Map.of("run_id", runId));
    for (CompletableFuture<HttpResponse<String>> wait : waits) {
      String answer = wait.get(15, TimeUnit.SECONDS).body();
      assertThat(answer).contains("\"structuredContent\"").doesNotContain("\"isError\":true");
    }
  }

  /** The body, counting down {@code sent} once the client has taken all of it. */
  private static HttpRequest.BodyPublisher signalling(String body, CountDownLatch sent) {
    HttpRequest.BodyPublisher inner = HttpRequest.BodyPublishers.ofString(body);
    return new HttpRequest.BodyPublisher() {
      @Override
      public long contentLength() {
        return inner.contentLength();
      }

      @Override
      public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        inner.subscribe(
            new Flow.Subscriber<ByteBuffer>() {
              @Override
              public void onSubscribe(Flow.Subscription subscription) {
                subscriber.onSubscribe(subscription);
              }

              @Override
              public void onNext(ByteBuffer item) {
                subscriber.onNext(item);
              }

              @Override
              public void onError(Throwable throwable) {
                subscriber.onError(throwable);
              }

              @Override
              public void onComplete() {
                subscriber.onComplete();
                sent.countDown();
              }
            });
      }
    };
  }

  @Test
  void twoClientsAtOnceShareTheRunsButNotTheirSessions() throws Exception {
    serve = HttpServe.start(root, codex, env);
    McpHttpSession one = McpHttpSession.open(serve.url(), Optional.empty());
    McpHttpSession two = McpHttpSession.open(serve.url(), Optional.empty());
    assertThat(one.sessionId).isNotEqualTo(two.sessionId);

    // Interleaved and concurrent: each starts a run while the other does.
    CompletableFuture<String> first =
        CompletableFuture.supplyAsync(() -> startRun(one, task("x", "go") + task("y", "go", "x")));
    CompletableFuture<String> second =
        CompletableFuture.supplyAsync(() -> startRun(two, task("p", "go") + task("q", "go", "p")));
    String runOne = first.get(60, TimeUnit.SECONDS);
    String runTwo = second.get(60, TimeUnit.SECONDS);
    assertThat(runOne).isNotEqualTo(runTwo);

    // Each client sees the other's run finish.
    assertThat(awaitRunOver(one, runTwo).path("status").asText()).isEqualTo("done");
    assertThat(awaitRunOver(two, runOne).path("status").asText()).isEqualTo("done");
    List<String> listed = new ArrayList<>();
    one.ok("get_status", Map.of()).path("runs").forEach(r -> listed.add(r.path("run_id").asText()));
    assertThat(listed).contains(runOne, runTwo);
  }

  @Test
  void runsStartedOverHttpAndOverStdioAreVisibleToTheOther() throws Exception {
    serve = HttpServe.start(root, codex, env);
    McpHttpSession http = McpHttpSession.open(serve.url(), Optional.empty());
    String overHttp = startRun(http, task("h", "go"));
    awaitRunOver(http, overHttp);

    try (McpSession stdio = McpSession.start(root, codex, env)) {
      assertThat(stdio.ok("get_status", Map.of("run_id", overHttp)).get("status"))
          .isEqualTo("done");

      String overStdio =
          (String) stdio.ok("start_run", Map.of("yaml", tasks(task("s", "go")))).get("run_id");
      await()
          .atMost(RUN_DEADLINE)
          .until(
              () ->
                  "done".equals(stdio.ok("get_status", Map.of("run_id", overStdio)).get("status")));
      assertThat(http.ok("get_status", Map.of("run_id", overStdio)).path("status").asText())
          .isEqualTo("done");
      assertThat(
              http.ok("read_output", Map.of("run_id", overStdio, "task", "s"))
                  .path("text")
                  .asText())
          .contains("line 1 of s");
    }
  }

  @Test
  void sigtermCancelsLiveRunsKillsTheirChildrenAndExits() throws Exception {
    serve = HttpServe.start(root, codex, env);
    McpHttpSession mcp = McpHttpSession.open(serve.url(), Optional.empty());
    String runId = startRun(mcp, task("h1", "HANG") + task("after", "go", "h1"));
    await().atMost(RUN_DEADLINE).until(() -> FakeCodex.pids(log, "h1").size() == 2);
    List<Long> pids = FakeCodex.pids(log, "h1");

    serve.process.destroy(); // SIGTERM
    assertThat(serve.process.waitFor(6, TimeUnit.SECONDS)).as("exited").isTrue();
    await().atMost(Duration.ofSeconds(2)).until(() -> pids.stream().noneMatch(FakeCodex::alive));

    Path run = root.resolve("runs").resolve(runId);
    JsonNode meta = McpHttpSession.JSON.readTree(run.resolve("run.meta.json").toFile());
    assertThat(meta.path("status").asText()).isEqualTo("cancelled");
    for (String task : List.of("h1", "after")) {
      JsonNode taskMeta =
          McpHttpSession.JSON.readTree(run.resolve("logs/" + task + ".meta.json").toFile());
      assertThat(taskMeta.path("status").asText()).as(task).isEqualTo("cancelled");
    }
  }

  private static String startRun(McpHttpSession mcp, String tasks) {
    return mcp.ok("start_run", Map.of("yaml", tasks(tasks))).path("run_id").asText();
  }

  private static JsonNode awaitRunOver(McpHttpSession mcp, String runId) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(RUN_DEADLINE)
        .until(
            () -> {
              last[0] = mcp.ok("get_status", Map.of("run_id", runId, "wait_s", 5));
              return !"running".equals(last[0].path("status").asText());
            });
    return last[0];
  }

  private String task(String name, String prompt, String... dependsOn) {
    String deps =
        dependsOn.length == 0 ? "" : ", depends_on: [" + String.join(", ", dependsOn) + "]";
    return "- {name: " + name + ", cwd: " + tmp + ", prompt: " + prompt + deps + "}\n";
  }

  private static String tasks(String tasks) {
    return "tasks:\n" + tasks;
  }
}
