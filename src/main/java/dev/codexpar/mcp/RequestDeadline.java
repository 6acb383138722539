package dev.codexpar.mcp;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
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

  private void watch(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!request.isEnded()) {
      long timer =
          vertx.setTimer(
              bodyTimeout.toMillis(),
              fired -> {
                if (!request.isEnded()) {
                  request.connection().close();
                }
              });
      ctx.addEndHandler(done -> vertx.cancelTimer(timer));
    }
    ctx.next();
  }
}
