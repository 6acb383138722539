package dev.codexpar.cli;

import dev.codexpar.mcp.HttpListener;
import dev.codexpar.mcp.HttpServer;
import dev.codexpar.mcp.ServeSettings;
import dev.codexpar.mcp.StdioServer;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the MCP tools over stdio (JSON-RPC on stdin/stdout, logs on stderr), or with --http"
          + " over MCP Streamable HTTP at http://HOST:PORT/mcp for many clients at once:"
          + " start_run, get_status, read_output, read_stderr, cancel_run, dispatch_task,"
          + " dispatch_wave, seal_dispatch, write_fact, read_facts.",
      "Runs go to DIR/runs/<run_id> unless start_run names a dir. The server ends when the"
          + " client closes stdin (stdio) or on SIGTERM/SIGINT, cancelling its live runs first."
    })
public class ServeCommand implements Callable<Integer> {
  @Option(
      names = {"-d", "--dir"},
      paramLabel = "DIR",
      description = "Root folder of the server's runs (default: ~/.codex-par).")
  Path root;

  @Mixin CodexOption codex;

  @Mixin HttpOptions http = new HttpOptions();

  @Inject StdioServer stdio;
  @Inject HttpServer httpServer;
  @Inject HttpListener httpListener;

  @Override
  public Integer call() {
    Path dir = root != null ? root : Path.of(System.getProperty("user.home"), ".codex-par");
    ServeSettings settings = settings(dir);
    if (LaunchMode.current() == LaunchMode.DEVELOPMENT && !http.enabled()) {
      // Dev mode's console owns stdin (and Maven stdout): the tools go over its HTTP listener,
      // where the extension's Dev UI is too; dev mode keeps its own signal handling.
      int port =
          ConfigProvider.getConfig()
              .getOptionalValue("quarkus.http.port", Integer.class)
              .orElse(8080);
      httpServer.start(settings, "http://localhost:" + port + HttpServer.PATH, Optional.empty());
      Quarkus.waitForExit();
      return ExitCode.OK;
    }
    Consumer<String> stop;
    if (http.enabled()) {
      HttpOptions.Listener listener = http.resolve(System.getenv());
      int bound;
      try {
        bound = httpListener.listen(listener.host(), listener.port());
      } catch (BindException e) {
        throw new CliException(
            ExitCode.USAGE,
            "port "
                + listener.port()
                + " on "
                + listener.host()
                + ": "
                + e.getMessage()
                + " (in use by another server? stop it or give another port to --http)");
      } catch (IOException e) {
        throw new CliException(
            ExitCode.USAGE, "cannot listen on " + listener.url() + ": " + e.getMessage());
      }
      httpServer.start(settings, listener.onPort(bound).url() + HttpServer.PATH, listener.token());
      stop = httpServer::stop;
    } else {
      stdio.start(settings);
      stop = stdio::stop;
    }
    try (Interrupts ignored = Interrupts.install(signal -> stop.accept("SIG" + signal))) {
      Quarkus.waitForExit();
    }
    return ExitCode.OK;
  }

  /**
   * Without codex the server still serves (a client shows a dead server as nothing but an error):
   * status, reads and facts work, and the tools that run codex say what was tried.
   */
  private ServeSettings settings(Path dir) {
    try {
      CodexOption.Resolved resolved = codex.resolve();
      return new ServeSettings(
          dir,
          Path.of(""),
          Optional.of(new ServeSettings.Codex(resolved.binary(), resolved.caps())),
          "");
    } catch (CliException e) {
      // stderr, not a logger: the launcher's plain class path for the other commands has no
      // JBoss Logging, and picocli reads every command's fields
      System.err.println("codex-par: serving without codex: " + e.getMessage());
      return new ServeSettings(dir, Path.of(""), Optional.empty(), e.getMessage());
    }
  }
}
