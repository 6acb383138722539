package dev.codexpar.mcp;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request of {@code serve --http} must arrive whole within {@link #bodyTimeout} of its headers,
 * or its connection is closed: Vert.x only has idle timeouts, which a client that trickles its body
 * a byte a second never trips. Only the upload is timed, so an answer that streams for long (a
 * server-sent event stream, a {@code get_status} that waits) is not cut.
 */
@ApplicationScoped
public class RequestDeadline {
  /** Before {@link HttpGate}, so a request that is refused there is timed too. */
  private static final int PRIORITY = 2000;

  @Inject Vertx vertx;

  @ConfigProperty(name = "codex-par.http.body-timeout")
  Duration bodyTimeout;

  void register(@Observes Filters filters) {
    filters.register(this::watch, PRIORITY);
  }

  /**
   * The timer is kept after the answer: a request answered before its body was read (refused by
   * {@link HttpGate}) keeps its connection open for the rest of that body, however slow.
   */
  private void watch(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!request.isEnded()) {
      vertx.setTimer(bodyTimeout.toMillis(), fired -> cutOff(request));
    }
    ctx.next();
  }

  /** HTTP/2 streams share their connection with others: only the slow one is reset. */
  private static void cutOff(HttpServerRequest request) {
    if (request.isEnded()) {
      return;
    }
    if (request.version() == HttpVersion.HTTP_2) {
      request.response().reset();
    } else {
      request.connection().close();
    }
  }
}
