package dev.codexpar.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codexpar.appserver.AppServerClient;
import dev.codexpar.appserver.AppServerEndpoint;
import dev.codexpar.appserver.AppServerException;
import dev.codexpar.appserver.AppServerPool;
import dev.codexpar.appserver.ConfigOverrides;
import dev.codexpar.model.TaskFigures;
import dev.codexpar.process.Liveness;
import dev.codexpar.process.ProcessTree;
import dev.codexpar.testing.CodexTestEnv;
import dev.codexpar.testing.MockModelServer;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AppServerLauncher} with the real codex 0.171 app-server, offline against the mock model:
 * over stdio (a child per test) and over WebSocket (two app-servers on loopback).
 */
class AppServerLauncherIT {
  private static final Duration LIMIT = Duration.ofSeconds(90);
  private static final String TOKEN_VARIABLE = "TEST_APP_SERVER_TOKEN";
  private static final String TOKEN = "s3cret-token-for-the-test";

  @TempDir Path tmp;

  private MockModelServer mock;
  private CodexTestEnv env;
  private ExecutorService readers;
  private ScheduledExecutorService timer;
  private AppServerClient.Io io;
  private final List<AppServerClient> clients = new ArrayList<>();
  private final List<Process> servers = new ArrayList<>();
  private final AppServerLauncher launcher = new AppServerLauncher();

  @BeforeEach
  void start() {
    mock = MockModelServer.start();
    env = CodexTestEnv.create(mock.baseUrl());
    readers = Executors.newCachedThreadPool();
    timer = Executors.newSingleThreadScheduledExecutor();
    io =
        new AppServerClient.Io(
            readers,
            timer,
            new ProcessTree(timer),
            Duration.ofSeconds(60),
            Duration.ofSeconds(3),
            name -> name.equals(TOKEN_VARIABLE) ? TOKEN : null);
  }

  @AfterEach
  void stop() throws Exception {
    for (AppServerClient client : clients) {
      client.close().get(30, TimeUnit.SECONDS);
    }
    for (Process server : servers) {
      server.descendants().forEach(ProcessHandle::destroyForcibly);
      server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    readers.shutdownNow();
    timer.shutdownNow();
    env.close();
    mock.close();
  }

  @Test
  void aTurnRunsItsCommandInTheThreadsCwdWithTheMocksFigures() throws Exception {
    Path cwd = Files.createDirectories(tmp.resolve("work"));
    List<TaskFigures> progress = new CopyOnWriteArrayList<>();

    AppServerLauncher.Task task =
        launcher.launchOwned(
            stdioEndpoint(),
            io,
            thread(cwd),
            "@mock cmd=echo hi > made.txt\n@mock tokens=1200/34/100\n@mock reply=All done",
            tmp.resolve("logs/a.jsonl"),
            progress::add);
    TaskLauncher.Exit exit = task.exit().get(LIMIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(exit.code()).isZero();
    TaskFigures figures = exit.figures();
    // two model requests of 1200/34 (100 cached), as exec sums them
    assertThat(figures.inputTokens()).isEqualTo(2400);
    assertThat(figures.cachedInputTokens()).isEqualTo(200);
    assertThat(figures.outputTokens()).isEqualTo(68);
    assertThat(figures.commands()).isEqualTo(1);
    assertThat(figures.lastAgentMessage()).isEqualTo("All done");
    assertThat(figures.lastAction()).isEqualTo("SAY All done");
    assertThat(figures.failure()).isNull();
    assertThat(figures.sessionId()).isEqualTo(task.threadId()).isNotBlank();
    assertThat(cwd.resolve("made.txt")).hasContent("hi");
    assertThat(progress).isNotEmpty();
    assertThat(progress).anyMatch(f -> "RUN echo hi > made.txt".equals(f.lastAction()));
    List<String> log = Files.readAllLines(tmp.resolve("logs/a.jsonl"));
    assertThat(log).anyMatch(line -> line.startsWith("{\"method\":\"turn/completed\""));
    assertThat(log).allMatch(line -> line.contains("\"" + task.threadId() + "\""));
    // its own app-server ends with the task
    assertThat(Liveness.running(task.process())).isFalse();
  }

  @Test
  void aSteerReachesTheModelInTheRunningTurn() throws Exception {
    // an app-server that knows no mock: the thread's own config points it there, as a task's
    // config_overrides would on a shared host
    AppServerClient client =
        AppServerClient.connect(
            new AppServerEndpoint.Stdio(
                List.of(CodexTestEnv.appServerBin().toString(), "app-server"),
                tmp,
                env.environment(),
                tmp.resolve("logs/bare-app-server.log")),
            io);
    clients.add(client);
    List<TaskFigures> progress = new CopyOnWriteArrayList<>();
    AppServerLauncher.Task task =
        launcher.launch(
            client,
            new AppServerClient.ThreadOptions(
                Files.createDirectories(tmp.resolve("work")),
                CodexTestEnv.MODEL,
                "workspace-write",
                ConfigOverrides.toConfig(env.configOverrides())),
            "@mock cmd=sleep 2",
            tmp.resolve("logs/s.jsonl"),
            progress::add);
    await().atMost(LIMIT).until(() -> running(progress, "RUN sleep 2"));

    task.steer("STEER-7f3a: also say goodbye").get(LIMIT.toSeconds(), TimeUnit.SECONDS);
    TaskLauncher.Exit exit = task.exit().get(LIMIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(exit.code()).isZero();
    assertThat(mock.modelRequests())
        .anyMatch(request -> request.body().toString().contains("STEER-7f3a: also say goodbye"));
  }

  @Test
  void aSteerOfAnEndedTaskIsRefused() throws Exception {
    AppServerClient client = stdio();
    AppServerLauncher.Task task =
        launcher.launch(
            client,
            thread(Files.createDirectories(tmp.resolve("work"))),
            "@mock reply=quick",
            tmp.resolve("logs/q.jsonl"),
            f -> {});
    task.exit().get(LIMIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(task.steer("too late"))
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOf(AppServerException.class)
        .extracting(e -> ((AppServerException) e).kind())
        .isEqualTo(AppServerException.Kind.NOT_RUNNING);
  }

  @Test
  void stopOfATaskWithItsOwnAppServerLeavesNothingOfItRunning() throws Exception {
    List<TaskFigures> progress = new CopyOnWriteArrayList<>();
    AppServerLauncher.Task task =
        launcher.launchOwned(
            stdioEndpoint(),
            io,
            thread(Files.createDirectories(tmp.resolve("work"))),
            "@mock cmd=sleep 47",
            tmp.resolve("logs/i.jsonl"),
            progress::add);
    ProcessHandle appServer = task.process();
    await().atMost(LIMIT).until(() -> running(progress, "RUN sleep 47"));
    List<ProcessHandle> sleeps = sleepsUnder(appServer);
    assertThat(sleeps).isNotEmpty();

    task.stop(Duration.ofSeconds(10)).get(LIMIT.toSeconds(), TimeUnit.SECONDS);

    TaskLauncher.Exit exit = task.exit().getNow(null);
    assertThat(exit).isNotNull();
    assertThat(exit.code()).isEqualTo(AppServerLauncher.INTERRUPTED_EXIT);
    assertThat(exit.figures().failure()).isNull();
    // codex leaves the turn's command running after turn/interrupt: the tree stop ends it
    assertThat(sleeps).noneMatch(Liveness::running);
    assertThat(Liveness.running(appServer)).isFalse();
  }

  @Test
  void stopOnASharedHostInterruptsTheTurnAndTheHostServesOn() throws Exception {
    AppServerClient client = stdio();
    List<TaskFigures> progress = new CopyOnWriteArrayList<>();
    AppServerLauncher.Task task =
        launcher.launch(
            client,
            thread(Files.createDirectories(tmp.resolve("work"))),
            "@mock cmd=sleep 47",
            tmp.resolve("logs/i.jsonl"),
            progress::add);
    assertThat(task.process()).isNull();
    await().atMost(LIMIT).until(() -> running(progress, "RUN sleep 47"));

    task.stop(Duration.ofSeconds(10)).get(LIMIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(task.exit().getNow(null).code()).isEqualTo(AppServerLauncher.INTERRUPTED_EXIT);
    assertThat(client.process().isAlive()).isTrue();
    AppServerLauncher.Task next =
        launcher.launch(
            client,
            thread(tmp.resolve("work")),
            "@mock reply=still here",
            tmp.resolve("logs/n.jsonl"),
            f -> {});
    assertThat(next.exit().get(LIMIT.toSeconds(), TimeUnit.SECONDS).figures().lastAgentMessage())
        .isEqualTo("still here");
  }

  @Test
  void aKilledAppServerFailsItsTaskWithAnErrorNamingTheHost() throws Exception {
    AppServerClient client = stdio();
    AppServerLauncher.Task task =
        launcher.launch(
            client,
            thread(Files.createDirectories(tmp.resolve("work"))),
            "@mock hang",
            tmp.resolve("logs/k.jsonl"),
            f -> {});
    await().atMost(LIMIT).until(() -> mock.modelRequests().stream().anyMatch(r -> r.isHanging()));

    client.process().descendants().forEach(ProcessHandle::destroyForcibly);
    client.process().destroyForcibly();
    TaskLauncher.Exit exit = task.exit().get(LIMIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(exit.code()).isEqualTo(1);
    assertThat(exit.figures().failure())
        .startsWith("local app-server (pid " + client.process().pid() + "): the app-server exited");
  }

  @Test
  void twoAppServersOnLoopbackShareTasksAndALostOneFailsOnlyItsTask() throws Exception {
    Path tokenFile = Files.writeString(tmp.resolve("token"), TOKEN);
    int plainPort = freePort();
    int securedPort = freePort();
    listen(plainPort, tmp.resolve("home-plain"));
    Process secured =
        listen(
            securedPort,
            tmp.resolve("home-secured"),
            "--ws-auth",
            "capability-token",
            "--ws-token-file",
            tokenFile.toString());
    String plain = "ws://127.0.0.1:" + plainPort;
    String guarded = "ws://127.0.0.1:" + securedPort;

    AppServerPool pool =
        AppServerPool.open(
            List.of(
                new AppServerPool.Host(new AppServerEndpoint.WebSocket(URI.create(plain), null), 1),
                new AppServerPool.Host(
                    new AppServerEndpoint.WebSocket(URI.create(guarded), TOKEN_VARIABLE), 1),
                new AppServerPool.Host(
                    new AppServerEndpoint.WebSocket(URI.create("ws://127.0.0.1:1"), null), 4)),
            io);
    try {
      assertThat(pool.live()).containsExactly(plain, guarded);
      assertThat(pool.unreachable())
          .extracting(AppServerPool.Unreachable::host)
          .containsExactly("ws://127.0.0.1:1");

      AppServerPool.Lease first = pool.acquire().orElseThrow();
      AppServerPool.Lease second = pool.acquire().orElseThrow();
      assertThat(pool.acquire()).isEmpty();
      assertThat(List.of(first.client().host(), second.client().host()))
          .containsExactly(plain, guarded);

      Path work = Files.createDirectories(tmp.resolve("work"));
      AppServerLauncher.Task done =
          launcher.launch(
              first.client(),
              thread(work),
              "@mock cmd=echo one > one.txt\n@mock reply=first done",
              tmp.resolve("logs/one.jsonl"),
              f -> {});
      AppServerLauncher.Task lost =
          launcher.launch(
              second.client(), thread(work), "@mock hang", tmp.resolve("logs/two.jsonl"), f -> {});

      TaskLauncher.Exit firstExit = done.exit().get(LIMIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(firstExit.code()).isZero();
      assertThat(firstExit.figures().commands()).isEqualTo(1);
      assertThat(firstExit.figures().inputTokens()).isEqualTo(200); // two requests of 100
      assertThat(work.resolve("one.txt")).hasContent("one");

      await().atMost(LIMIT).until(() -> mock.modelRequests().stream().anyMatch(r -> r.isHanging()));
      secured.descendants().forEach(ProcessHandle::destroyForcibly);
      secured.destroyForcibly();
      TaskLauncher.Exit lostExit = lost.exit().get(LIMIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(lostExit.code()).isEqualTo(1);
      assertThat(lostExit.figures().failure()).startsWith(guarded + ": ");
      await().atMost(LIMIT).until(() -> pool.live().equals(List.of(plain)));
      first.close();
      second.close();
      assertThat(pool.free()).isEqualTo(1);
    } finally {
      pool.close().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aWrongTokenIsRefusedAndTheTokenIsInNoMessage() throws Exception {
    Path tokenFile = Files.writeString(tmp.resolve("token"), "another-token");
    int port = freePort();
    listen(
        port,
        tmp.resolve("home"),
        "--ws-auth",
        "capability-token",
        "--ws-token-file",
        tokenFile.toString());
    AppServerEndpoint endpoint =
        new AppServerEndpoint.WebSocket(URI.create("ws://127.0.0.1:" + port), TOKEN_VARIABLE);

    AppServerPool pool = AppServerPool.open(List.of(new AppServerPool.Host(endpoint, 1)), io);

    assertThat(pool.live()).isEmpty();
    assertThat(pool.unreachable())
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.host()).isEqualTo("ws://127.0.0.1:" + port);
              assertThat(u.reason()).doesNotContain(TOKEN);
            });
    pool.close().get(30, TimeUnit.SECONDS);
  }

  private AppServerEndpoint.Stdio stdioEndpoint() {
    return new AppServerEndpoint.Stdio(
        env.appServerArgv(), tmp, env.environment(), tmp.resolve("logs/app-server.log"));
  }

  private AppServerClient stdio() {
    AppServerClient client = AppServerClient.connect(stdioEndpoint(), io);
    clients.add(client);
    return client;
  }

  private static AppServerClient.ThreadOptions thread(Path cwd) {
    return new AppServerClient.ThreadOptions(cwd, CodexTestEnv.MODEL, "workspace-write", Map.of());
  }

  private static boolean running(List<TaskFigures> progress, String action) {
    return !progress.isEmpty() && action.equals(progress.get(progress.size() - 1).lastAction());
  }

  private static List<ProcessHandle> sleepsUnder(ProcessHandle root) {
    // the sandboxed command's executable may be unreadable (another mount namespace): its
    // arguments are enough
    return root.descendants()
        .filter(
            p ->
                p.info().commandLine().orElse("").contains("sleep 47")
                    || p.info().arguments().map(List::of).orElse(List.of()).contains("47"))
        .toList();
  }

  /** An app-server listening on loopback, with its own CODEX_HOME; ready when /readyz says so. */
  private Process listen(int port, Path home, String... options) throws IOException {
    List<String> argv = new ArrayList<>(List.of("--listen", "ws://127.0.0.1:" + port));
    argv.addAll(List.of(options));
    ProcessBuilder builder =
        new ProcessBuilder(env.appServerArgv(argv.toArray(String[]::new)))
            .directory(tmp.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
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
        .atMost(LIMIT)
        .ignoreExceptions()
        .until(() -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    return server;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
