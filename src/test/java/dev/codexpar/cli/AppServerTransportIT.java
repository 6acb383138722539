package dev.codexpar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexpar.testing.CodexTestEnv;
import dev.codexpar.testing.Launcher;
import dev.codexpar.testing.MockModelServer;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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
  private final List<Process> servers = new ArrayList<>();
  private static final String TOKEN = "s3cret-host-token-of-the-test";

  @BeforeEach
  void startMock() throws IOException {
    mock = MockModelServer.start();
    codex = CodexTestEnv.create(mock.baseUrl(), tmp.resolve("codex-home"));
    runDir = tmp.resolve("run");
    work = Files.createDirectories(tmp.resolve("project/work"));
  }

  @AfterEach
  void stopMock() {
    for (Process server : servers) {
      server.descendants().forEach(ProcessHandle::destroyForcibly);
      server.destroyForcibly();
    }
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
    // the run over, a local app-server's thread goes on as a codex session, with what it said
    Launcher.Result asked =
        codexPar(
            "ask",
            "beta",
            "And then? FOLLOW-BETA\n@mock reply=beta again",
            "--dir",
            runDir.toString());
    assertThat(asked.exitCode()).as(asked.toString()).isZero();
    assertThat(Files.readString(runDir.resolve("outputs/beta.md"))).isEqualTo("beta again");
    assertThat(meta("beta").path("turns")).hasSize(2);
    assertThat(
            mock.requestsWithPromptContaining("FOLLOW-BETA").get(0).body().path("input").toString())
        .contains("Summarize beta.")
        .contains("# Beta report");
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

  /**
   * A timeout interrupts the turn and stops its tree: codex 0.171 leaves a turn's command running
   * on an interrupt, so the command's process must go with the app-server's tree.
   */
  @Test
  void aTimeoutStopsTheTurnAndItsCommandLeavingNothingRunning() throws IOException {
    Path tasks =
        writeTasks(
            "transport: app-server\n",
            """
              - name: slow
                timeout: 3s
                prompt: |
                  run a long command
                  @mock cmd=sleep 600
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
                      .anyMatch(p -> p.info().commandLine().orElse("").contains("sleep 600")));
      List<ProcessHandle> children = launcher.process().descendants().toList();

      Launcher.Result result = launcher.await(Duration.ofMinutes(1));

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
      JsonNode slow = meta("slow");
      assertThat(slow.path("status").asText()).isEqualTo("failed");
      assertThat(slow.path("error").asText()).isEqualTo("timed out after 3s");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(children).noneMatch(ProcessHandle::isAlive));
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
    JsonNode steers = meta("slow").path("steers");
    assertThat(steers).hasSize(1);
    assertThat(steers.get(0).path("message").asText()).isEqualTo("STEER-51c0: mind the tests");
    assertThat(steers.get(0).path("at").asText()).isNotEmpty();
    // over now: a steer is refused with why
    Launcher.Result late = codexPar("steer", "slow", "too late", "--dir", runDir.toString());
    assertThat(late.exitCode()).as(late.toString()).isEqualTo(2);
    assertThat(late.err()).contains("nothing to steer");
    // a follow-up rewrites the task's meta with its new turn: the steer stays on record
    Launcher.Result asked =
        codexPar("ask", "slow", "And then?\n@mock reply=later", "--dir", runDir.toString());
    assertThat(asked.exitCode()).as(asked.toString()).isZero();
    assertThat(meta("slow").path("turns")).hasSize(2);
    assertThat(meta("slow").path("steers")).hasSize(1);
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

  @Test
  void twoAppServersShareARunAndOneKilledMidRunFailsOnlyItsTaskNamingIt() throws Exception {
    int plainPort = freePort();
    int securedPort = freePort();
    Process plain = listen(plainPort, tmp.resolve("home-plain"));
    Path tokenFile = Files.writeString(tmp.resolve("token"), TOKEN);
    Process secured =
        listen(
            securedPort,
            tmp.resolve("home-secured"),
            "--ws-auth",
            "capability-token",
            "--ws-token-file",
            tokenFile.toString());
    String plainUrl = "ws://127.0.0.1:" + plainPort;
    String securedUrl = "ws://127.0.0.1:" + securedPort;
    Path tasks =
        writeTasks(
            "hosts:\n"
                + "  - {url: '"
                + plainUrl
                + "', max_parallel: 1}\n"
                + "  - {url: '"
                + securedUrl
                + "', token_env: BOX_TOKEN, max_parallel: 1}\n"
                + "  - {url: 'ws://127.0.0.1:1', max_parallel: 4}\n",
            """
              - name: quick
                prompt: |
                  Quick one.
                  @mock cmd=echo quick > quick.txt
                  @mock reply=quick done
              - name: stuck
                prompt: |
                  Never ends.
                  @mock hang
              - name: after
                depends_on: [quick]
                prompt: |
                  After quick.
                  @mock reply=after done
            """);
    Map<String, String> env = env();
    env.put("BOX_TOKEN", TOKEN);
    try (Launcher launcher =
        Launcher.start(
            tmp, env, "run", tasks.toString(), "--dir", runDir.toString(), "--keep-going")) {
      String lostUrl = hostOfHangingTask("stuck");
      Process lost = lostUrl.equals(plainUrl) ? plain : secured;
      String keptUrl = lostUrl.equals(plainUrl) ? securedUrl : plainUrl;
      List<ProcessHandle> lostTree = killTree(lost);

      Launcher.Result result = launcher.await(Duration.ofMinutes(1));

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
      assertThat(result.out()).contains("app-server ws://127.0.0.1:1 left out");
      JsonNode stuck = meta("stuck");
      assertThat(stuck.path("status").asText()).isEqualTo("failed");
      assertThat(stuck.path("error").asText()).contains(lostUrl);
      assertThat(meta("quick").path("status").asText()).isEqualTo("done");
      assertThat(meta("after").path("status").asText()).isEqualTo("done");
      // the host lost, the tasks after it ran on the one left
      assertThat(meta("after").path("host").asText()).isEqualTo(keptUrl);
      assertThat(Files.readString(runDir.resolve("outputs/after.md"))).isEqualTo("after done");
      assertThat(work.resolve("quick.txt")).hasContent("quick");
      assertThat(launcher.process().descendants().toList()).isEmpty();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(lostTree).noneMatch(ProcessHandle::isAlive));
    }
    // the token is only in the environment: no file of the run holds it
    try (var files = Files.walk(runDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(file)).as(file.toString()).doesNotContain(TOKEN);
      }
    }
  }

  @Test
  void aTaskWhoseHostIsLostIsRetriedOnTheOtherHostGivenOnTheCommandLine() throws Exception {
    int firstPort = freePort();
    int secondPort = freePort();
    Map<String, Process> byUrl =
        Map.of(
            "ws://127.0.0.1:" + firstPort,
            listen(firstPort, tmp.resolve("home-first")),
            "ws://127.0.0.1:" + secondPort,
            listen(secondPort, tmp.resolve("home-second")));
    // the first request hangs; the retry's, with the same prompt, is answered
    Path tasks =
        writeTasks(
            "",
            """
              - name: flaky
                retries: 1
                retry_delay: 100ms
                prompt: |
                  Hangs once.
                  @mock hang
                  @mock times=1
                  @mock reply=recovered
            """);
    try (Launcher launcher =
        Launcher.start(
            tmp,
            env(),
            "run",
            tasks.toString(),
            "--dir",
            runDir.toString(),
            "-j",
            "1",
            "--host",
            "ws://127.0.0.1:" + firstPort,
            "--host",
            "ws://127.0.0.1:" + secondPort)) {
      String lostUrl = hostOfHangingTask("flaky");
      killTree(byUrl.get(lostUrl));

      Launcher.Result result = launcher.await(Duration.ofMinutes(1));

      assertThat(result.exitCode()).as(result.toString()).isZero();
      // the two hosts' slots together; each start names its host, having no local pid
      assertThat(result.out())
          .contains("1 task in 1 wave, up to 2 at once")
          .contains("start     flaky (wave 0, on " + lostUrl + ")");
      String keptUrl = byUrl.keySet().stream().filter(u -> !u.equals(lostUrl)).findFirst().get();
      assertThat(result.out()).contains("start     flaky (wave 0, on " + keptUrl + ")");
      JsonNode flaky = meta("flaky");
      assertThat(flaky.path("status").asText()).isEqualTo("done");
      assertThat(flaky.path("host").asText()).isEqualTo(keptUrl);
      assertThat(flaky.path("attempts").asInt()).isEqualTo(2);
      assertThat(flaky.path("attempt_errors").get(0).asText()).contains(lostUrl);
      assertThat(Files.readString(runDir.resolve("outputs/flaky.md"))).isEqualTo("recovered");
      // the table of a run on remote app-servers names each task's host
      Launcher.Result status = codexPar("status", "--dir", runDir.toString());
      assertThat(status.out()).containsPattern("flaky +done .*" + Pattern.quote(keptUrl));
      // its session stays on that host: a follow-up is refused, the task as it ended
      int requests = mock.modelRequests().size();
      Launcher.Result asked = codexPar("ask", "flaky", "And then?", "--dir", runDir.toString());
      assertThat(asked.exitCode()).as(asked.toString()).isEqualTo(2);
      assertThat(asked.err()).contains("task 'flaky'").contains(keptUrl).contains("session stays");
      assertThat(meta("flaky").path("status").asText()).isEqualTo("done");
      assertThat(meta("flaky").path("turns")).hasSize(2);
      assertThat(mock.modelRequests()).hasSize(requests);
    }
  }

  @Test
  void hostsGivenOnTheCommandLineThatCannotBeReachedRefuseTheRunNamingThem() throws IOException {
    Path tasks = writeTasks("", "  - {name: a, prompt: p}\n");

    Launcher.Result result =
        codexPar(
            "run",
            tasks.toString(),
            "--dir",
            runDir.toString(),
            "--host",
            "ws://127.0.0.1:1",
            "--host",
            "ws://127.0.0.1:2");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err())
        .contains("no app-server host could be reached")
        .contains("ws://127.0.0.1:1")
        .contains("ws://127.0.0.1:2");
    assertThat(mock.modelRequests()).isEmpty();
  }

  /** The host of {@code task} once the model holds its request (the task hangs there). */
  private String hostOfHangingTask(String task) throws IOException {
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> mock.modelRequests().stream().anyMatch(r -> r.isHanging()));
    await().atMost(Duration.ofSeconds(10)).until(() -> !meta(task).path("host").asText().isEmpty());
    return meta(task).path("host").asText();
  }

  /** Kills an app-server and everything it started, as a machine that goes away; returns them. */
  private static List<ProcessHandle> killTree(Process server) {
    List<ProcessHandle> tree = new ArrayList<>(server.descendants().toList());
    tree.add(server.toHandle());
    tree.forEach(ProcessHandle::destroyForcibly);
    return tree;
  }

  /** An app-server listening on loopback, with its own CODEX_HOME; ready when /readyz says so. */
  private Process listen(int port, Path home, String... options) throws IOException {
    List<String> argv = new ArrayList<>(List.of("--listen", "ws://127.0.0.1:" + port));
    argv.addAll(List.of(options));
    ProcessBuilder builder =
        new ProcessBuilder(codex.appServerArgv(argv.toArray(String[]::new)))
            .directory(tmp.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(tmp.resolve("listen-" + port + ".out").toFile())
            .redirectError(tmp.resolve("listen-" + port + ".err").toFile());
    CodexTestEnv.CLEARED_ENV.forEach(builder.environment()::remove);
    builder.environment().putAll(CodexTestEnv.environment(Files.createDirectories(home)));
    Process server = builder.start();
    servers.add(server);
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build();
    await()
        .atMost(Duration.ofMinutes(1))
        .ignoreExceptions()
        .until(() -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    return server;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private Path writeTasks(String topLevel, String tasksBlock) throws IOException {
    Path file = tmp.resolve("project/tasks.yaml");
    Files.writeString(file, topLevel + codex.tasksYaml(tasksBlock));
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
