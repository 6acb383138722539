package dev.codexpar.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only {@code serve --http} listens: {@code status}, {@code run} and stdio {@code serve} open no
 * port (the HTTP extension would otherwise make every command listen on 8080), and {@code serve
 * --http} opens exactly its own. Checked on the packaged jar, with the process's sockets read from
 * /proc (Linux), and for short-lived commands with their would-be port held by the test.
 */
class HttpListenerIT {
  private static final Duration LIMIT = Duration.ofSeconds(90);
  private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");

  @TempDir Path tmp;
  Path log;
  Path codex;
  final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    log = Files.createDirectories(tmp.resolve("log"));
    codex = FakeCodex.install(tmp.resolve("bin"));
  }

  @AfterEach
  void killAll() {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Test
  void runAndStatusSucceedWhileTheHttpPortIsTakenWhichServeHttpCannot() throws Exception {
    Path tasks =
        Files.writeString(
            tmp.resolve("tasks.yaml"), "tasks:\n- {name: a, cwd: " + tmp + ", prompt: go}\n");
    Path runDir = tmp.resolve("run");
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<String> onTakenPort = List.of("-Dquarkus.http.port=" + taken.getLocalPort());
      assertThat(
              exit(
                  onTakenPort,
                  "run",
                  tasks.toString(),
                  "--dir",
                  runDir.toString(),
                  "--codex-bin",
                  codex.toString()))
          .isZero();
      assertThat(exit(onTakenPort, "status", "--dir", runDir.toString())).isZero();
      // The probe is sound: a command that does bind fails on that port.
      assertThat(
              exit(
                  List.of(),
                  "serve",
                  "--http",
                  Integer.toString(taken.getLocalPort()),
                  "--dir",
                  tmp.resolve("root").toString(),
                  "--codex-bin",
                  codex.toString()))
          .isNotZero();
    }
  }

  @Test
  void serveHttpOnABusyPortSaysSoAndExitsTwo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Path stderr = tmp.resolve("serve.stderr");
      Process serve =
          start(
              new ProcessBuilder(
                      McpSession.appCommand(
                          List.of(),
                          "serve",
                          "--http",
                          Integer.toString(taken.getLocalPort()),
                          "--dir",
                          tmp.resolve("root").toString(),
                          "--codex-bin",
                          codex.toString()))
                  .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                  .redirectError(stderr.toFile()));
      assertThat(serve.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).as("exited").isTrue();
      assertThat(serve.exitValue()).isEqualTo(2);
      assertThat(Files.readString(stderr))
          .contains("port " + taken.getLocalPort())
          .contains("in use")
          .doesNotContain("kill");
    }
  }

  @Test
  void aLiveRunAndAStdioServerListenOnNothing() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc");
    Path tasks =
        Files.writeString(
            tmp.resolve("tasks.yaml"), "tasks:\n- {name: h, cwd: " + tmp + ", prompt: HANG}\n");
    Process run =
        start(
            McpSession.appCommand(
                List.of(),
                "run",
                tasks.toString(),
                "--dir",
                tmp.resolve("run").toString(),
                "--codex-bin",
                codex.toString()));
    await().atMost(LIMIT).until(() -> FakeCodex.pids(log, "h").size() == 2);
    assertThat(listeningPorts(run.pid())).isEmpty();

    Process stdio =
        start(
            new ProcessBuilder(McpSession.serveCommand(tmp.resolve("root"), codex))
                .redirectError(ProcessBuilder.Redirect.INHERIT));
    OutputStream in = stdio.getOutputStream();
    in.write((McpHttpSession.initializeBody(1) + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(stdio.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).contains("\"result\"");
    assertThat(listeningPorts(stdio.pid())).isEmpty();
  }

  @Test
  void serveHttpListensOnItsPortOnlyAndOnLoopbackByDefault() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc");
    try (HttpServe serve =
        HttpServe.start(tmp.resolve("root"), codex, Map.of("FAKE_CODEX_LOG", log.toString()))) {
      assertThat(listeningPorts(serve.process.pid())).containsExactly(serve.port);
      assertThat(listeningAddresses(serve.process.pid()))
          .allSatisfy(a -> assertThat(a).isIn("0100007F", "0000000000000000FFFF00000100007F"));
    }
  }

  @Test
  void aHostOtherThanLoopbackWithoutATokenIsRefused() throws Exception {
    Process serve =
        start(
            new ProcessBuilder(
                    McpSession.appCommand(
                        List.of(),
                        "serve",
                        "--http",
                        Integer.toString(HttpServe.freePort()),
                        "--host",
                        "0.0.0.0",
                        "--dir",
                        tmp.resolve("root").toString(),
                        "--codex-bin",
                        codex.toString()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD));
    assertThat(serve.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(serve.exitValue()).isEqualTo(2);
    assertThat(new String(serve.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("--token-file")
        .contains("CODEX_PAR_TOKEN");
  }

  private int exit(List<String> jvmOptions, String... args) throws InterruptedException {
    Process p = start(McpSession.appCommand(jvmOptions, args));
    assertThat(p.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).as("exited").isTrue();
    return p.exitValue();
  }

  /** Starts a command with stdin from /dev/null, stdout discarded and stderr inherited. */
  private Process start(List<String> command) {
    return start(
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT));
  }

  private Process start(ProcessBuilder builder) {
    builder.environment().put("FAKE_CODEX_LOG", log.toString());
    try {
      Process p = builder.start();
      processes.add(p);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The TCP ports a process listens on (its socket inodes matched against /proc/net/tcp*). */
  private static Set<Integer> listeningPorts(long pid) throws IOException {
    Set<Integer> ports = new HashSet<>();
    for (String[] socket : listening(pid)) {
      ports.add(Integer.parseInt(socket[1].substring(socket[1].indexOf(':') + 1), 16));
    }
    return ports;
  }

  private static Set<String> listeningAddresses(long pid) throws IOException {
    Set<String> addresses = new HashSet<>();
    for (String[] socket : listening(pid)) {
      addresses.add(socket[1].substring(0, socket[1].indexOf(':')));
    }
    return addresses;
  }

  private static List<String[]> listening(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          Matcher m = SOCKET.matcher(Files.readSymbolicLink(fd).toString());
          if (m.matches()) {
            inodes.add(m.group(1));
          }
        } catch (IOException e) {
          // closed meanwhile
        }
      }
    }
    List<String[]> sockets = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        if ("0A".equals(f[3]) && inodes.contains(f[9])) {
          sockets.add(f);
        }
      }
    }
    return sockets;
  }
}
