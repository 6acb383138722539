package dev.codexpar.mcp;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.runtime.ServerLimitsConfig;
import io.quarkus.vertx.http.runtime.VertxHttpConfig;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.smallrye.config.SmallRyeConfig;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The HTTP listener of {@code serve --http}: a Vert.x server of its own in front of the routes
 * Quarkus built (the MCP endpoint, {@link HttpGate}, {@link WebView}, the filters), because it has
 * to see each connection from its first moment. A connection must bring each request head (request
 * line and headers) within {@code codex-par.http.header-timeout} of opening or of its last answer's
 * end, or it is closed: Vert.x only has idle timeouts, which a client trickling a header a byte a
 * second never trips, and Quarkus's own listener gives no access to its connections. The body is
 * {@link RequestDeadline}'s; an answer in progress (an event stream, a waiting {@code get_status})
 * is never timed.
 *
 * <p>The limits are Quarkus's ({@code quarkus.http.idle-timeout}, {@code quarkus.http.limits.*}).
 * HTTP/2 in clear text is off: Vert.x announces such a connection only once its first bytes have
 * told the protocol, so a client trickling the HTTP/2 preface would escape the clock (MCP clients
 * speak HTTP/1.1 to an {@code http://} URL).
 */
@ApplicationScoped
public class HttpListener {
  private static final Duration BIND_WAIT = Duration.ofSeconds(30);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  @Inject Vertx vertx;

  @ConfigProperty(name = "codex-par.http.header-timeout")
  Duration headerTimeout;

  private final Map<HttpConnection, Watched> connections = new ConcurrentHashMap<>();
  private volatile HttpServer server;

  /**
   * Listens on host:port (once), returning when bound.
   *
   * @return the port bound
   * @throws java.net.BindException when the address cannot be bound (in use, not this machine's)
   */
  public int listen(String host, int port) throws IOException {
    Handler<HttpServerRequest> routes = VertxHttpRecorder.getRootHandler();
    if (routes == null) {
      throw new IllegalStateException("Quarkus has not built its routes yet");
    }
    HttpServer created =
        vertx
            .createHttpServer(options(host, port))
            .connectionHandler(this::watch)
            .requestHandler(request -> route(request, routes));
    try {
      created
          .listen()
          .toCompletionStage()
          .toCompletableFuture()
          .get(BIND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (TimeoutException e) {
      created.close();
      throw new IOException("not bound within " + BIND_WAIT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      created.close();
      throw new IOException("interrupted while binding", e);
    }
    server = created;
    return created.actualPort();
  }

  /** No new connections once Quarkus stops, and the open ones closed, before Vert.x ends. */
  void close(@Observes ShutdownEvent event) {
    HttpServer listening = server;
    if (listening != null) {
      listening
          .close()
          .toCompletionStage()
          .toCompletableFuture()
          .orTimeout(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
          .exceptionally(failed -> null)
          .join();
    }
  }

  private static HttpServerOptions options(String host, int port) {
    VertxHttpConfig http =
        ConfigProvider.getConfig()
            .unwrap(SmallRyeConfig.class)
            .getConfigMapping(VertxHttpConfig.class);
    ServerLimitsConfig limits = http.limits();
    return new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setIdleTimeout(Math.toIntExact(http.idleTimeout().toMillis()))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setMaxHeaderSize(Math.toIntExact(limits.maxHeaderSize().asLongValue()))
        .setMaxInitialLineLength(limits.maxInitialLineLength())
        .setMaxChunkSize(Math.toIntExact(limits.maxChunkSize().asLongValue()))
        .setMaxFormAttributeSize(Math.toIntExact(limits.maxFormAttributeSize().asLongValue()))
        .setMaxFormFields(limits.maxFormFields())
        .setMaxFormBufferedBytes(Math.toIntExact(limits.maxFormBufferedBytes().asLongValue()))
        .setHandle100ContinueAutomatically(http.handle100ContinueAutomatically())
        .setHttp2ClearTextEnabled(false);
  }

  /** On the connection's event loop, as its looks are. */
  private void watch(HttpConnection connection) {
    Watched watched = new Watched(connection);
    connections.put(connection, watched);
    long looks = vertx.setPeriodic(headerTimeout.toMillis(), id -> watched.look());
    connection.closeHandler(
        closed -> {
          vertx.cancelTimer(looks);
          connections.remove(connection);
        });
  }

  /**
   * As Quarkus's own listener hands a request on: an unparsable URI gets 400, and the request is
   * paused until a route reads it (its body would otherwise be lost while a filter works).
   */
  private void route(HttpServerRequest request, Handler<HttpServerRequest> routes) {
    Watched watched = connections.get(request.connection());
    if (watched != null) {
      watched.begun(request);
    }
    if (!validUri(request.uri())) {
      request.response().setStatusCode(400).end();
      return;
    }
    if (!request.isEnded()) {
      request.pause();
    }
    routes.handle(request);
  }

  private static boolean validUri(String uri) {
    if (uri == null) {
      return false;
    }
    try {
      new URI(uri);
      return true;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** A connection and its latest request, looked at once per header timeout. */
  private static final class Watched {
    private final HttpConnection connection;
    private final HeadWatch watch = new HeadWatch();
    private HttpServerRequest latest;

    Watched(HttpConnection connection) {
      this.connection = connection;
    }

    void begun(HttpServerRequest request) {
      latest = request;
      watch.requestBegun();
    }

    void look() {
      boolean answering = latest != null && !latest.response().ended();
      if (watch.overdue(answering)) {
        connection.close();
      }
    }
  }
}
