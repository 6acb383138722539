package dev.codexpar.mcp;

import dev.codexpar.run.RunRegistry;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Ends a server the same way for every transport and every cause (client gone, SIGTERM, SIGINT):
 * waiting tools return, the transport gets a last moment, the live runs are cancelled (their
 * process trees killed, their files final), then Quarkus exits, all within about 5 s.
 */
@ApplicationScoped
public class ServerStop {
  private static final Logger LOG = Logger.getLogger(ServerStop.class);

  /** Time for live runs to die; tasks get a shorter kill grace than this (see Tools). */
  private static final Duration CANCEL = Duration.ofMillis(3000);

  @Inject RunRegistry registry;
  @Inject ServeState state;

  private final AtomicBoolean stopping = new AtomicBoolean();

  /**
   * Stops once (later calls do nothing) and returns at once; the work runs on its own thread.
   *
   * @param beforeCancel the transport's last moment (e.g. answering requests in flight)
   * @param afterCancel the transport's own ending, just before Quarkus exits
   */
  void stop(String reason, Runnable beforeCancel, Runnable afterCancel) {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    state.closing();
    LOG.infof("codex-par MCP server stopping: %s", reason);
    Thread stopper =
        new Thread(
            () -> {
              beforeCancel.run();
              try {
                registry.cancelAll("cancelled: " + reason, CANCEL);
              } catch (RuntimeException e) {
                LOG.warnf("not every run ended in time: %s", e.getMessage());
              }
              afterCancel.run();
              Quarkus.asyncExit(0);
            },
            "mcp-stop");
    stopper.start();
  }
}
