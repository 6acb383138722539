package dev.codexpar.cli;

import dev.codexpar.mcp.ServeSettings;
import dev.codexpar.mcp.StdioServer;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the MCP tools over stdio (JSON-RPC on stdin/stdout, logs on stderr), for Claude and"
          + " any MCP client: start_run, get_status, read_output, read_stderr, cancel_run,"
          + " dispatch_task, dispatch_wave, seal_dispatch, write_fact, read_facts.",
      "Runs go to DIR/runs/<run_id> unless start_run names a dir. The server ends when the"
          + " client closes stdin (or on SIGTERM/SIGINT), cancelling its live runs first."
    })
public class ServeCommand implements Callable<Integer> {
  @Option(
      names = {"-d", "--dir"},
      paramLabel = "DIR",
      description = "Root folder of the server's runs (default: ~/.codex-par).")
  Path root;

  @Mixin CodexOption codex;

  @Inject StdioServer server;

  @Override
  public Integer call() {
    CodexOption.Resolved resolved = codex.resolve();
    Path dir = root != null ? root : Path.of(System.getProperty("user.home"), ".codex-par");
    ServeSettings settings =
        new ServeSettings(dir, Path.of(""), resolved.binary(), resolved.caps());
    if (LaunchMode.current() == LaunchMode.DEVELOPMENT) {
      // Dev mode's own console and signal handling stay in charge (q, Ctrl+C, restarts).
      server.startWithoutStdio(settings);
      Quarkus.waitForExit();
      return ExitCode.OK;
    }
    server.start(settings);
    try (Interrupts ignored = Interrupts.install(signal -> server.stop("SIG" + signal))) {
      Quarkus.waitForExit();
    }
    return ExitCode.OK;
  }
}
