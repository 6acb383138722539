package dev.codexpar.mcp;

import io.quarkiverse.mcp.server.stdio.runtime.StdioMcpMessageHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Runs the MCP stdio transport behind a {@link StdioGuard}; at the end (client gone, SIGTERM,
 * SIGINT) it answers what is in flight before {@link ServerStop} cancels the live runs and exits.
 */
@ApplicationScoped
public class StdioServer {
  private static final Logger LOG = Logger.getLogger(StdioServer.class);

  /** Time for requests already read to be answered once the client is gone. */
  private static final Duration DRAIN = Duration.ofMillis(1500);

  @Inject StdioMcpMessageHandler transport;
  @Inject ServeState state;
  @Inject ServerStop stopper;

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

  /** Ends the server (once; later calls do nothing). Returns at once. */
  public void stop(String reason) {
    stopper.stop(reason, this::drain, () -> guard.closeTransportInput());
  }

  private void drain() {
    try {
      if (!guard.awaitAnswered(DRAIN)) {
        LOG.warn("stopping with requests still unanswered");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
