package dev.codexpar.mcp;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code serve --http} from the packaged jar as a real process, on a port picked for it. */
final class HttpServe implements AutoCloseable {
  final int port;
  final Process process;

  private HttpServe(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  /** Starts the server and waits until it accepts connections. */
  static HttpServe start(Path root, Path codex, Map<String, String> env, String... extraArgs) {
    return start(List.of(), root, codex, env, extraArgs);
  }

  /** As above, with options for the JVM (such as {@code -Dkey=value} settings). */
  static HttpServe start(
      List<String> jvmOptions,
      Path root,
      Path codex,
      Map<String, String> env,
      String... extraArgs) {
    int port = freePort();
    List<String> command =
        new ArrayList<>(
            McpSession.appCommand(
                jvmOptions, "serve", "--dir", root.toString(), "--codex-bin", codex.toString()));
    command.addAll(List.of("--http", Integer.toString(port)));
    command.addAll(List.of(extraArgs));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().putAll(env);
    HttpServe serve;
    try {
      serve = new HttpServe(port, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> !serve.process.isAlive() || ready(port));
    } catch (RuntimeException | Error e) {
      serve.close(); // not yet the caller's to close: a server that never listened is no orphan
      throw e;
    }
    if (!serve.process.isAlive()) {
      throw new AssertionError("serve --http exited with " + serve.process.exitValue());
    }
    return serve;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Listening, and past the moment between bind and configuration (answered 503). */
  private static boolean ready(int port) {
    try {
      return accepts(port)
          && given().baseUri("http://127.0.0.1:" + port).get("/mcp").statusCode() != 503;
    } catch (RuntimeException e) { // refused between the probe and the call: not ready yet
      return false;
    }
  }

  static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      // A connect to a free port can meet itself (TCP simultaneous open): that is no server.
      return socket.getLocalPort() != port;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    List<ProcessHandle> tree = process.descendants().toList();
    tree.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    tree.forEach(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> p).join());
    process.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> process).join();
  }
}
