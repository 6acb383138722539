package dev.codexpar.cli;

import dev.codexpar.mcp.HttpServer;
import dev.codexpar.mcp.ServeSettings;
import dev.codexpar.mcp.StdioServer;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine;
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
      if (!ConfigProvider.getConfig()
          .getOptionalValue("quarkus.http.host-enabled", Boolean.class)
          .orElse(false)) {
        // listener() found the port taken and so Quarkus bound none: say so, no kill advice.
        throw new CliException(
            ExitCode.USAGE,
            "port "
                + listener.port()
                + " on "
                + listener.host()
                + " is in use (another server?): stop it or give another port to --http");
      }
      httpServer.start(settings, listener.url() + HttpServer.PATH, listener.token());
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

  /**
   * The listener that {@code serve --http} asks for, read from the raw arguments before Quarkus
   * starts (see {@link Main}); empty for every other command, for arguments that will fail and for
   * a port in use (the command reports those itself, with no port bound).
   */
  static Optional<HttpOptions.Listener> listener(String[] args, Map<String, String> env) {
    // Cheap test first: building picocli's model this early (no class of it is warm or archived
    // yet) cost stdio serve about 0.1 s of start-up.
    if (args.length == 0
        || !"serve".equals(args[0])
        || Arrays.stream(args).noneMatch(a -> a.equals("--http") || a.startsWith("--http="))) {
      return Optional.empty();
    }
    ServeCommand probe = new ServeCommand();
    CommandLine parser = new CommandLine(probe);
    try {
      parser.parseArgs(Arrays.copyOfRange(args, 1, args.length));
      boolean helpOnly = parser.isUsageHelpRequested() || parser.isVersionHelpRequested();
      return probe.http.enabled() && !helpOnly
          ? Optional.of(probe.http.resolve(env)).filter(HttpOptions::isFree)
          : Optional.empty();
    } catch (CommandLine.ParameterException | CliException e) {
      return Optional.empty();
    }
  }
}
