package dev.codexpar.appserver;

/** A failure talking to a codex app-server; the message always names the host. */
public final class AppServerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why, for callers that decide by it (retry on another host, report, refuse). */
  public enum Kind {
    /** The host could not be reached or started, or did not complete {@code initialize}. */
    UNREACHABLE,
    /** The connection ended (process died, socket closed) after it was up. */
    HOST_LOST,
    /** The app-server answered a request with a JSON-RPC error. */
    REJECTED,
    /** No answer within the time allowed. */
    TIMEOUT,
    /** A steer or interrupt for a task that has no running turn. */
    NOT_RUNNING
  }

  private final Kind kind;
  private final String host;
  private final String reason;

  public AppServerException(Kind kind, String host, String reason) {
    super(host + ": " + reason);
    this.kind = kind;
    this.host = host;
    this.reason = reason;
  }

  /** The message without the host. */
  public String reason() {
    return reason;
  }

  public Kind kind() {
    return kind;
  }

  public String host() {
    return host;
  }
}
