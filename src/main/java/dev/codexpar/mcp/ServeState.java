package dev.codexpar.mcp;

import jakarta.enterprise.context.ApplicationScoped;

/** The server's settings and whether it is shutting down, shared by the tools. */
@ApplicationScoped
public class ServeState {
  private volatile ServeSettings settings;
  private volatile boolean closing;

  void configure(ServeSettings settings) {
    this.settings = settings;
  }

  ServeSettings settings() {
    if (settings == null) {
      throw new IllegalStateException("the MCP server is not configured (start it with serve)");
    }
    return settings;
  }

  void closing() {
    closing = true;
  }

  /** Once true, waiting tools return at once so that the server can exit. */
  boolean isClosing() {
    return closing;
  }
}
