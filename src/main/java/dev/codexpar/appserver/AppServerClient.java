package dev.codexpar.appserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexpar.appserver.AppServerException.Kind;
import dev.codexpar.process.ProcessTree;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A JSON-RPC client of one {@code codex app-server} (protocol v2 of codex 0.171): {@code
 * initialize} on connect, then threads and turns ({@code thread/start}, {@code turn/start}, {@code
 * turn/steer}, {@code turn/interrupt}). Notifications are handed to the listener of their thread,
 * in order, on the connection's one reader thread; a server request (approvals, which the approval
 * policy {@code never} does not ask) is answered with an error so the server never waits on us.
 * When the connection ends, every pending call and every thread's listener gets a {@link
 * AppServerException} naming the host.
 */
public final class AppServerClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int METHOD_NOT_FOUND = -32601;

  /**
   * What connections share: threads for readers (one held per connection, two for a child), a
   * timer, tree kill, and where token variables are read ({@code System::getenv}).
   */
  public record Io(
      ExecutorService readers,
      ScheduledExecutorService timer,
      ProcessTree processTree,
      Duration requestTimeout,
      Duration killGrace,
      Function<String, String> environment) {}

  /** Receives one thread's notifications. */
  public interface ThreadListener {
    /**
     * A notification of the thread, as parsed and as received ({@code raw}, one JSON line). Called
     * on the reader thread: keep it short.
     */
    void notified(String method, JsonNode params, String raw);

    /** The connection ended while the thread was followed. */
    void lost(AppServerException error);
  }

  /**
   * A thread's settings ({@code thread/start}).
   *
   * @param sandbox {@code read-only}, {@code workspace-write} or {@code danger-full-access}; null
   *     for the server's
   * @param model null for the server's
   * @param config config keys ({@code a.b.c}) and their values, as {@code -c} would give them
   */
  public record ThreadOptions(Path cwd, String model, String sandbox, Map<String, Object> config) {
    public ThreadOptions {
      config = Map.copyOf(config);
    }
  }

  private final String host;
  private final Transport transport;
  private final Io io;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final Map<String, ThreadListener> threads = new ConcurrentHashMap<>();
  private final CompletableFuture<AppServerException> ended = new CompletableFuture<>();
  private volatile boolean initialized;
  private volatile JsonNode rateLimits;

  private AppServerClient(String host, Transport transport, Io io) {
    this.host = host;
    this.transport = transport;
    this.io = io;
  }

  /**
   * Starts or reaches the app-server and initializes the session; blocks until it is ready or
   * throws an {@link AppServerException} of kind {@code UNREACHABLE} (nothing is left running).
   */
  public static AppServerClient connect(AppServerEndpoint endpoint, Io io) {
    Transport transport;
    if (endpoint instanceof AppServerEndpoint.Stdio stdio) {
      transport = StdioTransport.start(stdio, io.readers(), io.processTree(), io.killGrace());
    } else {
      transport =
          WebSocketTransport.connect(
              (AppServerEndpoint.WebSocket) endpoint,
              io.environment(),
              io.readers(),
              io.timer(),
              io.requestTimeout(),
              io.requestTimeout());
    }
    // a local one is named by its pid too: several may serve one run
    String host =
        transport.process() == null
            ? endpoint.name()
            : endpoint.name() + " (pid " + transport.process().pid() + ")";
    AppServerClient client = new AppServerClient(host, transport, io);
    transport.start(client::received, client::closed);
    ObjectNode info = JSON.createObjectNode();
    info.putObject("clientInfo").put("name", "codex-par").put("version", version());
    try {
      client.call("initialize", info, result -> result).join();
      client.initialized = true;
      client.transport.send("{\"method\":\"initialized\"}").join();
    } catch (RuntimeException e) {
      client.close().join();
      String why =
          e.getCause() instanceof AppServerException a
              ? a.reason()
              : String.valueOf(e.getMessage());
      throw new AppServerException(Kind.UNREACHABLE, host, "initialize failed: " + why);
    }
    return client;
  }

  private static String version() {
    String version = AppServerClient.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  public String host() {
    return host;
  }

  /** The process of a local app-server (null for a remote one). */
  public ProcessHandle process() {
    return transport.process();
  }

  /** The last {@code account/rateLimits/updated} payload, or null before the first. */
  public JsonNode rateLimits() {
    return rateLimits;
  }

  /** Completes with the reason once the connection has ended. */
  public CompletableFuture<AppServerException> ended() {
    return ended;
  }

  /**
   * Starts a thread and follows it with {@code listener} from its first notification on; completes
   * with the thread id.
   */
  public CompletableFuture<String> startThread(ThreadOptions options, ThreadListener listener) {
    ObjectNode params = JSON.createObjectNode();
    params.put("cwd", options.cwd().toAbsolutePath().toString());
    if (options.model() != null) {
      params.put("model", options.model());
    }
    if (options.sandbox() != null) {
      params.put("sandbox", options.sandbox());
    }
    // codex-par runs tasks unattended, as exec does: nobody would answer an approval request
    params.put("approvalPolicy", "never");
    if (!options.config().isEmpty()) {
      params.set("config", JSON.valueToTree(options.config()));
    }
    // registered on the reader thread as the answer is read, before the thread's first notification
    return call(
        "thread/start",
        params,
        result -> {
          String threadId = result.path("thread").path("id").asText();
          threads.put(threadId, listener);
          return threadId;
        });
  }

  /** Stops handing the thread's notifications on. */
  public void unfollow(String threadId) {
    threads.remove(threadId);
  }

  /** Starts a turn with a text input; completes with the turn id. */
  public CompletableFuture<String> startTurn(String threadId, String text) {
    ObjectNode params = JSON.createObjectNode().put("threadId", threadId);
    params.set("input", textInput(text));
    return call("turn/start", params, result -> result.path("turn").path("id").asText());
  }

  /** Adds a message to the running turn. */
  public CompletableFuture<Void> steer(String threadId, String turnId, String text) {
    ObjectNode params =
        JSON.createObjectNode().put("threadId", threadId).put("expectedTurnId", turnId);
    params.set("input", textInput(text));
    return call("turn/steer", params, result -> null);
  }

  /** Asks the running turn to stop; its {@code turn/completed} (status interrupted) follows. */
  public CompletableFuture<Void> interrupt(String threadId, String turnId) {
    ObjectNode params = JSON.createObjectNode().put("threadId", threadId).put("turnId", turnId);
    return call("turn/interrupt", params, result -> null);
  }

  /** Ends the connection; a local app-server's process tree is stopped. */
  public CompletableFuture<Void> close() {
    return transport.close();
  }

  private static ArrayNode textInput(String text) {
    ArrayNode input = JSON.createArrayNode();
    input.addObject().put("type", "text").put("text", text);
    return input;
  }

  /**
   * Sends a request; {@code onResult} runs on the reader thread as the answer is read, so state it
   * sets up is in place before the next message is handled.
   */
  private <T> CompletableFuture<T> call(
      String method, ObjectNode params, Function<JsonNode, T> onResult) {
    AppServerException gone = ended.getNow(null);
    if (gone != null) {
      return CompletableFuture.failedFuture(gone);
    }
    long id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    CompletableFuture<T> result = answer.thenApply(onResult);
    pending.put(id, answer);
    if (ended.isDone() && pending.remove(id) != null) {
      answer.completeExceptionally(ended.getNow(null));
      return result;
    }
    ObjectNode request = JSON.createObjectNode().put("id", id).put("method", method);
    request.set("params", params);
    io.timer()
        .schedule(
            () -> {
              if (pending.remove(id) != null) {
                answer.completeExceptionally(
                    new AppServerException(
                        Kind.TIMEOUT,
                        host,
                        method + " got no answer within " + io.requestTimeout().toSeconds() + "s"));
              }
            },
            io.requestTimeout().toMillis(),
            TimeUnit.MILLISECONDS);
    transport
        .send(request.toString())
        .whenComplete(
            (sent, error) -> {
              if (error != null && pending.remove(id) != null) {
                answer.completeExceptionally(
                    new AppServerException(
                        Kind.HOST_LOST, host, "cannot send " + method + ": " + error.getMessage()));
              }
            });
    return result;
  }

  private void received(String line) {
    JsonNode message;
    try {
      message = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      return; // not JSON-RPC (the app-server logs to stderr; nothing else is expected here)
    }
    if (message == null || !message.isObject()) {
      return;
    }
    JsonNode id = message.get("id");
    JsonNode method = message.get("method");
    if (method != null && id != null) {
      refuse(id, method.asText());
    } else if (method != null) {
      notified(method.asText(), message.path("params"), line);
    } else if (id != null) {
      answered(id.asLong(), message);
    }
  }

  private void answered(long id, JsonNode message) {
    CompletableFuture<JsonNode> answer = pending.remove(id);
    if (answer == null) {
      return; // timed out already
    }
    JsonNode error = message.get("error");
    if (error != null && !error.isNull()) {
      answer.completeExceptionally(
          new AppServerException(Kind.REJECTED, host, error.path("message").asText()));
    } else {
      answer.complete(message.path("result"));
    }
  }

  private void notified(String method, JsonNode params, String raw) {
    if (method.equals("account/rateLimits/updated")) {
      rateLimits = params.path("rateLimits");
      return;
    }
    JsonNode threadId = params.get("threadId");
    if (threadId == null) {
      threadId = params.path("thread").get("id");
    }
    ThreadListener listener = threadId == null ? null : threads.get(threadId.asText());
    if (listener != null) {
      listener.notified(method, params, raw);
    }
  }

  private void refuse(JsonNode id, String method) {
    ObjectNode answer = JSON.createObjectNode();
    answer.set("id", id);
    answer
        .putObject("error")
        .put("code", METHOD_NOT_FOUND)
        .put("message", "codex-par does not answer " + method);
    transport.send(answer.toString());
  }

  private void closed(String reason) {
    AppServerException error =
        new AppServerException(initialized ? Kind.HOST_LOST : Kind.UNREACHABLE, host, reason);
    ended.complete(error);
    pending.values().forEach(answer -> answer.completeExceptionally(error));
    pending.clear();
    threads.values().forEach(listener -> listener.lost(error));
    threads.clear();
  }
}
