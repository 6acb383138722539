package dev.codexpar.appserver;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An app-server reached with {@code java.net.http.WebSocket}: one JSON-RPC message per text frame,
 * the bearer token (read from its environment variable when connecting) only in the {@code
 * Authorization} header. A ping every {@code keepAlive} tells a host that vanished without closing
 * the socket: no pong before the next ping ends the connection, so nothing waits on a dead host.
 */
final class WebSocketTransport implements Transport {
  private final String host;
  private final WebSocket socket;
  private final Executor readers;
  private final StringBuilder partial = new StringBuilder();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final AtomicBoolean pongSeen = new AtomicBoolean(true);
  private final ScheduledFuture<?> pings;
  private volatile Consumer<String> messages = m -> {};
  private volatile Consumer<String> closed = r -> {};
  private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();

  /** Sends wait for the one before them: a WebSocket takes one outstanding send at a time. */
  private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

  private WebSocketTransport(
      String host,
      WebSocket socket,
      Executor readers,
      ScheduledExecutorService timer,
      Duration keepAlive) {
    this.host = host;
    this.socket = socket;
    this.readers = readers;
    long every = keepAlive.toMillis();
    this.pings = timer.scheduleWithFixedDelay(this::ping, every, every, TimeUnit.MILLISECONDS);
  }

  static WebSocketTransport connect(
      AppServerEndpoint.WebSocket endpoint,
      Function<String, String> environment,
      Executor readers,
      ScheduledExecutorService timer,
      Duration connectTimeout,
      Duration keepAlive) {
    Handler handler = new Handler();
    HttpClient http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(connectTimeout);
    if (endpoint.tokenEnv() != null) {
      String token = environment.apply(endpoint.tokenEnv());
      if (token == null || token.isBlank()) {
        throw new AppServerException(
            AppServerException.Kind.UNREACHABLE,
            endpoint.name(),
            "the token variable " + endpoint.tokenEnv() + " is not set");
      }
      builder.header("Authorization", "Bearer " + token.strip());
    }
    WebSocket socket;
    try {
      socket = builder.buildAsync(endpoint.uri(), handler).join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new AppServerException(
          AppServerException.Kind.UNREACHABLE,
          endpoint.name(),
          "cannot connect: " + describe(cause));
    }
    WebSocketTransport transport =
        new WebSocketTransport(endpoint.name(), socket, readers, timer, keepAlive);
    handler.transport = transport;
    return transport;
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }

  @Override
  public void start(Consumer<String> messages, Consumer<String> closed) {
    this.messages = messages;
    this.closed = closed;
    socket.request(1);
  }

  @Override
  public synchronized CompletableFuture<Void> send(String message) {
    CompletableFuture<Void> sent =
        lastSend
            .handle((ignored, error) -> null)
            .thenCompose(ignored -> socket.sendText(message, true))
            .thenApply(ws -> null);
    lastSend = sent;
    return sent;
  }

  @Override
  public CompletableFuture<Void> close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
    }
    socket.abort();
    end("closed by codex-par");
    return closedFuture;
  }

  private void ping() {
    if (!pongSeen.getAndSet(false)) {
      socket.abort();
      end("no answer to a ping from " + host);
      return;
    }
    socket.sendPing(ByteBuffer.allocate(0)).exceptionally(e -> null);
  }

  private void end(String reason) {
    if (ended.compareAndSet(false, true)) {
      pings.cancel(false);
      readers.execute(
          () -> {
            closed.accept(reason);
            closedFuture.complete(null);
          });
    }
  }

  /** The socket's callbacks; one at a time, as the socket requests them. */
  private static final class Handler implements WebSocket.Listener {
    private volatile WebSocketTransport transport;

    /** No message is asked for before {@link #start}: there is nobody to hand it to yet. */
    @Override
    public void onOpen(WebSocket ws) {}

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      WebSocketTransport t = transport;
      t.partial.append(data);
      if (last) {
        String message = t.partial.toString();
        t.partial.setLength(0);
        t.messages.accept(message);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
      transport.pongSeen.set(true);
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      transport.end(
          "connection closed by the app-server ("
              + statusCode
              + (reason == null || reason.isBlank() ? "" : " " + reason)
              + ")");
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      WebSocketTransport t = transport;
      if (t != null) {
        t.end("connection lost: " + describe(error));
      }
    }
  }
}
