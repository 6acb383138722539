package dev.codexpar.mcp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The MCP Streamable HTTP transport of {@code serve --http}: the extension's endpoint at {@code
 * /mcp}, on the {@link HttpListener} the command opened (or Quarkus's own in dev mode); this opens
 * the {@link HttpGate} once the tools are configured, and ends the server like stdio does.
 */
@ApplicationScoped
public class HttpServer {
  private static final Logger LOG = Logger.getLogger(HttpServer.class);

  /** The extension's Streamable HTTP endpoint ({@code quarkus.mcp.server.http.root-path}). */
  public static final String PATH = "/mcp";

  @Inject ServeState state;
  @Inject HttpGate gate;
  @Inject ServerStop stopper;

  /** Configures the tools and lets requests in; returns at once. */
  public void start(ServeSettings settings, String url, Optional<String> token) {
    state.configure(settings);
    gate.open(token);
    LOG.infof(
        "codex-par MCP server on %s (%s); runs in %s",
        url, token.isPresent() ? "bearer token required" : "no token", settings.runsDir());
  }

  /** Ends the server (once; later calls do nothing). Returns at once. */
  public void stop(String reason) {
    stopper.stop(reason, () -> {}, () -> {});
  }
}
