package dev.codexpar.mcp;

import dev.codexpar.run.RunRegistry;
import io.quarkiverse.mcp.server.stdio.runtime.StdioMcpMessageHandler;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs the MCP stdio transport behind a {@link StdioGuard}, and ends the server the same way for
 * every cause (client gone, SIGTERM, SIGINT): answer what is in flight, cancel the live runs (their
 * process trees killed, their files final), then exit, all within about 5 s.
 */
@ApplicationScoped
public class StdioServer {
  private static final Logger LOG = Logger.getLogger(StdioServer.class);

  /** Time for requests already read to be answered once the client is gone. */
  private static final Duration DRAIN = Duration.ofMillis(1500);

  /** Time for live runs to die; tasks get a shorter kill grace than this (see Tools). */
  private static final Duration CANCEL = Duration.ofMillis(3000);

  @Inject StdioMcpMessageHandler transport;
  @Inject RunRegistry registry;
  @Inject ServeState state;

  private final AtomicBoolean stopping = new AtomicBoolean();
  private StdioGuard guard;

  /**
   * Starts serving on the process's stdin/stdout and returns at once; {@code System.out} is sent to
   * stderr so that nothing but protocol reaches stdout.
   */
  public void start(ServeSettings settings) {
    state.configure(settings);
    guard =
        new StdioGuard(
            new FileInputStream(FileDescriptor.in),
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
    System.setOut(System.err);
    // The extension reads System.in when initialized: hand it the guard's pipe instead.
    System.setIn(guard.transportIn());
    transport.initialize(guard.transportOut());
    Thread pump = new Thread(() -> guard.pump(() -> stop("the MCP client closed stdin")));
    pump.setName("mcp-stdin-guard");
    pump.setDaemon(true);
    pump.start();
    LOG.infof("codex-par MCP server on stdio; runs in %s", settings.runsDir());
  }

  /**
   * Quarkus dev mode: the dev console owns stdin and Maven writes to stdout, so no MCP client could
   * speak over them. The tools get their settings and are served only by what dev mode adds (the
   * Dev UI of the HTTP transport, see the README); stdin is left alone.
   */
  public void startWithoutStdio(ServeSettings settings) {
    state.configure(settings);
    LOG.infof(
        "dev mode: MCP stdio transport not started (the dev console owns stdin); runs in %s."
            + " Try the tools in the Dev UI (started with -Pdevui): /q/dev-ui, MCP Server HTTP,"
            + " Tools",
        settings.runsDir());
  }

  /** Ends the server (once; later calls do nothing). Returns at once. */
  public void stop(String reason) {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }

    state.closing();
    Thread stopper =
        new Thread(
            () -> {
              try {
                if (!guard.awaitAnswered(DRAIN)) {
                  LOG.warn("stopping with requests still unanswered");
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              try {
                registry.cancelAll("cancelled: " + reason, CANCEL);
              } catch (RuntimeException e) {
                LOG.warnf("not every run ended in time: %s", e.getMessage());
              }
              guard.closeTransportInput();
              Quarkus.asyncExit(0);
            },
            "mcp-stop");
    stopper.start();
  }
}
