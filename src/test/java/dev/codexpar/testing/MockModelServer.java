package dev.codexpar.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mock of the OpenAI Responses API as the real codex 0.169 speaks it, so that tests can run the
 * real {@code codex exec} offline (see {@link CodexTestEnv} for the settings that point codex at
 * it).
 *
 * <h2>Endpoints</h2>
 *
 * <ul>
 *   <li>{@code POST /v1/responses}: answered with server-sent events ({@code event: TYPE}, {@code
 *       data: JSON}, blank line) or an HTTP error, as the directives of the prompt say.
 *   <li>{@code GET /v1/models}: {@code {"data":[],"models":[]}}.
 *   <li>anything else: 404.
 * </ul>
 *
 * Every request (all paths) is recorded: {@link #requests()}.
 *
 * <h2>Directives</h2>
 *
 * The behaviour is chosen by lines of the task's prompt (the text of the last {@code user} message
 * of the request's {@code input}) of the form {@code @mock KEY[=VALUE]}; the value is the rest of
 * the line, trimmed. A prompt without directives is answered with {@link #DEFAULT_REPLY}.
 *
 * <ul>
 *   <li>{@code @mock reply=TEXT}: the final assistant message (default {@value #DEFAULT_REPLY}).
 *       {@code \n} in TEXT stands for a line break.
 *   <li>{@code @mock cmd=COMMAND} (repeatable): before the final reply, answer one {@code
 *       function_call} {@code exec_command} {@code {"cmd": COMMAND}} per {@code cmd} line, in
 *       order. Where a request stands in the turn is the number of {@code function_call_output}
 *       items after the prompt: with n of them, the n-th command (0-based) is answered, or the
 *       final step once all commands have their output.
 *   <li>{@code @mock tokens=IN/OUT[/CACHED]}: usage reported by EVERY answered request (default
 *       {@code 100/10/0}); {@code cached_tokens} is CACHED, {@code total_tokens} IN+OUT.
 *   <li>{@code @mock fail=CODE:MESSAGE}: the final step is {@code response.created} then {@code
 *       response.failed} with {@code error {code: CODE, message: MESSAGE}} (HTTP 200).
 *   <li>{@code @mock http=STATUS[:MESSAGE]}: the final step is that HTTP status with body {@code
 *       {"error":{"message":..,"type":..,"code":..}}}; for 429 also {@code retry-after: 0}.
 *   <li>{@code @mock hang}: the final step sends {@code response.created} and then nothing more (an
 *       SSE comment every 200 ms to notice a client that went away) until the client disconnects or
 *       the server is closed.
 *   <li>{@code @mock sleep=DURATION} ({@code 800ms}, {@code 2s}, or plain milliseconds): wait that
 *       long before answering each request (headers included).
 * </ul>
 *
 * The failure directives ({@code fail}, {@code http}, {@code hang}) replace the final reply, so
 * {@code cmd} lines still run first. {@code @mock times=N} limits them to the first N final steps
 * of requests with the same prompt; later ones get the reply (a failure, then success on retry).
 *
 * <h2>What codex 0.169.0 does with each (measured; {@code codex exec --json})</h2>
 *
 * <p>Event lines are printed on ONE line each (wrapped below to fit). Every run starts with these
 * three lines, in this order (the error item comes BEFORE turn.started; it is harmless, caused by
 * the model name being unknown to codex):
 *
 * <pre>
 * {"type":"thread.started","thread_id":"01a210a4-b432-71d1-8316-1c6a2c390661"}
 * {"type":"item.completed","item":{"id":"item_0","type":"error","message":"Model metadata for
 *   `gpt-5-codex` not found. Defaulting to fallback metadata; this can degrade performance and
 *   cause issues."}}
 * {"type":"turn.started"}
 * </pre>
 *
 * Then, per directive:
 *
 * <ul>
 *   <li>reply / no directive (exit 0; the {@code -o} file holds exactly TEXT, no newline added):
 *       <pre>
 * {"type":"item.completed","item":{"id":"item_1","type":"agent_message","text":"Hello world"}}
 * {"type":"turn.completed","usage":{"input_tokens":1200,"cached_input_tokens":100,
 *   "cache_write_input_tokens":0,"output_tokens":34,"reasoning_output_tokens":0}}
 * </pre>
 *   <li>cmd (codex runs {@code /bin/bash -lc 'CMD'} in its cwd; exit 0; each command's items, then
 *       the agent_message as {@code item_N+1}, then turn.completed):
 *       <pre>
 * {"type":"item.started","item":{"id":"item_1","type":"command_execution",
 *   "command":"/bin/bash -lc 'echo hi'","aggregated_output":"","exit_code":null,
 *   "status":"in_progress"}}
 * {"type":"item.completed","item":{"id":"item_1","type":"command_execution",
 *   "command":"/bin/bash -lc 'echo hi'","aggregated_output":"hi\n","exit_code":0,
 *   "status":"completed"}}
 * </pre>
 *       A failing command ({@code cmd=false}) completes with {@code "command":"/bin/bash -lc
 *       false","exit_code":1,"status":"failed"} and the turn still completes. The next request
 *       carries the {@code function_call} and a {@code function_call_output} whose {@code output}
 *       is {@code "Chunk ID: 7c0c90\nWall time: 0.0000 seconds\nProcess exited with code
 *       0\nOriginal token count: 15\nOutput:\nhi\n"}. (aggregated_output also holds what the login
 *       shell prints on stderr, so assert with {@code contains}.)
 *   <li>usage: {@code turn.completed.usage} is the SUM over the turn's model requests of {@code
 *       input_tokens}, {@code input_tokens_details.cached_tokens} (as cached_input_tokens), {@code
 *       output_tokens} and {@code output_tokens_details.reasoning_tokens}; cache_write_input_tokens
 *       is 0. One {@code cmd} = 2 requests: tokens=1200/34/100 gives 2400/200/68.
 *   <li>fail=CODE:MSG (exit 1; the {@code -o} file is created EMPTY):
 *       <pre>
 * {"type":"error","message":"stream disconnected before completion: boom"}
 * {"type":"turn.failed","error":{"message":"stream disconnected before completion: boom"}}
 * </pre>
 *       The message depends on CODE: {@code server_error} or none → "stream disconnected before
 *       completion: MSG"; {@code invalid_prompt} → "MSG"; {@code rate_limit_exceeded} → "rate limit
 *       exceeded: MSG"; {@code context_length_exceeded} → "Codex ran out of room in the model's
 *       context window. Start a new thread or clear earlier history before retrying."; {@code
 *       insufficient_quota} → "Quota exceeded. Check your plan and billing details.".
 *   <li>http=STATUS (exit 1, one single request thanks to request_max_retries=0, about 0.3 s; the
 *       same {@code error} + {@code turn.failed} pair, with message): 500 → "We’re currently
 *       experiencing high demand, which may cause temporary errors." (U+2019 apostrophe; the body's
 *       message is NOT shown); 502/503 → "unexpected status 503 Service Unavailable: MSG, url:
 *       http://127.0.0.1:PORT/v1/responses"; 429 → "exceeded retry limit, last status: 429 Too Many
 *       Requests"; 400 → the raw JSON error body.
 *   <li>hang: no line after turn.started; the process stays alive until killed (its request shows
 *       {@link RecordedRequest#isHanging()}; after the kill it completes with a {@link
 *       RecordedRequest#failure()}).
 *   <li>sleep: as the other directives, just later.
 * </ul>
 *
 * <h2>Rate limit</h2>
 *
 * {@link #start(RateLimit)} puts every {@code POST /v1/responses} through a {@link TokenBucket}
 * (before any directive): a request over it is answered as a model API answers one, telling the
 * wait until the next request would pass, and takes nothing from the budget. {@link
 * RateLimit.Answer#HTTP_429}: HTTP 429 with {@code retry-after} (whole seconds, rounded up), {@code
 * retry-after-ms} and the API's body ("Rate limit reached for requests ... Please try again in
 * 250ms."); codex 0.169 does not retry it and reports only "exceeded retry limit, last status: 429
 * Too Many Requests". {@link RateLimit.Answer#STREAM}: HTTP 200, then {@code response.failed} with
 * code {@code rate_limit_exceeded} and that message, which codex prints as "rate limit exceeded:
 * ... Please try again in 250ms." (so the wait reaches codex-par). Refused requests are recorded
 * with {@link RecordedRequest#rateLimited()}.
 *
 * <p>codex 0.169 makes no {@code GET /v1/models} with these settings, and prints one stderr line
 * {@code WARNING: proceeding, even though we could not create PATH aliases: ...} when CODEX_HOME is
 * under /tmp. {@link MockModelServerCodexTest} asserts all this.
 */
public final class MockModelServer implements AutoCloseable {
  /** The reply when the prompt has no {@code reply=} directive. */
  public static final String DEFAULT_REPLY = "Done.";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DIRECTIVE =
      Pattern.compile("^\\s*@mock\\s+([A-Za-z_-]+)\\s*(?:=(.*))?$", Pattern.MULTILINE);

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<String, AtomicInteger> failuresByPrompt = new ConcurrentHashMap<>();
  private final Optional<RateLimit> rateLimit;
  private final Optional<TokenBucket> bucket;

  /**
   * A request budget for the model endpoint.
   *
   * @param perSecond the refill rate
   * @param burst how many requests may pass at once (the bucket starts full)
   * @param answer how a request over it is refused
   */
  public record RateLimit(double perSecond, int burst, Answer answer) {
    /** How a request over the budget is refused. */
    public enum Answer {
      /** HTTP 429 with retry-after headers and the API's error body. */
      HTTP_429,
      /** HTTP 200, then {@code response.failed} with code {@code rate_limit_exceeded}. */
      STREAM
    }

    /** The least time this budget needs for {@code requests}, starting full. */
    public Duration floorFor(int requests) {
      return new TokenBucket(Clock.systemUTC(), perSecond, burst).floorFor(requests);
    }
  }

  private MockModelServer(HttpServer server, ExecutorService executor, Optional<RateLimit> limit) {
    this.server = server;
    this.executor = executor;
    this.rateLimit = limit;
    this.bucket = limit.map(l -> new TokenBucket(Clock.systemUTC(), l.perSecond(), l.burst()));
  }

  /** Starts a server on 127.0.0.1 with an ephemeral port. */
  public static MockModelServer start() {
    return start(Optional.empty());
  }

  /** Starts a server whose model endpoint keeps {@code limit} (see the class comment). */
  public static MockModelServer start(RateLimit limit) {
    return start(Optional.of(limit));
  }

  private static MockModelServer start(Optional<RateLimit> limit) {
    try {
      HttpServer http =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      AtomicInteger n = new AtomicInteger();
      ExecutorService executor =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "mock-model-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      http.setExecutor(executor);
      MockModelServer mock = new MockModelServer(http, executor, limit);
      http.createContext("/", mock::handle);
      http.start();
      return mock;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:PORT/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** All requests so far (every path), in arrival order. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** The {@code POST /v1/responses} requests so far. */
  public List<RecordedRequest> modelRequests() {
    return requests.stream().filter(RecordedRequest::isModelRequest).toList();
  }

  /** The model requests whose prompt contains {@code text}. */
  public List<RecordedRequest> requestsWithPromptContaining(String text) {
    return modelRequests().stream().filter(r -> r.prompt().contains(text)).toList();
  }

  /** Stops the server: hanging answers end, open connections are dropped. */
  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) throws IOException {
    RecordedRequest recorded = null;
    try (exchange) {
      byte[] raw = exchange.getRequestBody().readAllBytes();
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      JsonNode body = parse(raw);
      recorded =
          new RecordedRequest(
              method,
              path,
              body,
              promptOf(body),
              functionCallOutputsAfterPrompt(body),
              Instant.now());
      requests.add(recorded);
      if (method.equals("GET") && path.equals("/v1/models")) {
        sendJson(exchange, 200, "{\"data\":[],\"models\":[]}");
        recorded.status = 200;
      } else if (method.equals("POST") && path.equals("/v1/responses")) {
        respond(exchange, recorded);
      } else {
        sendJson(exchange, 404, "{\"error\":{\"message\":\"not found: " + path + "\"}}");
        recorded.status = 404;
      }
    } catch (IOException | RuntimeException e) {
      if (recorded != null) {
        recorded.failure = e.toString();
      }
    } finally {
      if (recorded != null) {
        recorded.completedAt = Instant.now();
      }
    }
  }

  private void respond(HttpExchange exchange, RecordedRequest req) throws IOException {
    Optional<Duration> over = bucket.flatMap(TokenBucket::take);
    if (over.isPresent()) {
      req.rateLimited = true;
      refuse(exchange, req, rateLimit.orElseThrow().answer(), over.get());
      return;
    }
    Directives d = Directives.parse(req.prompt());
    if (d.sleep != null && awaitClose(d.sleep)) {
      return; // closed while sleeping
    }
    int step = req.functionCallOutputs().size();
    String resp = "resp_" + ids.incrementAndGet();
    if (step < d.commands.size()) {
      ObjectNode args = JSON.createObjectNode().put("cmd", d.commands.get(step));
      ObjectNode item =
          JSON.createObjectNode()
              .put("type", "function_call")
              .put("id", "fc_" + (step + 1))
              .put("call_id", "call_" + (step + 1))
              .put("name", "exec_command")
              .put("arguments", args.toString());
      streamTurn(exchange, req, resp, item, d);
      return;
    }
    boolean failNow =
        d.failTimes == null
            || failuresByPrompt
                    .computeIfAbsent(req.prompt(), p -> new AtomicInteger())
                    .incrementAndGet()
                <= d.failTimes;
    if (failNow && d.httpStatus != null) {
      sendHttpError(exchange, req, d.httpStatus, d.httpMessage);
      return;
    }
    if (failNow && d.failMessage != null) {
      startSse(exchange, req);
      OutputStream out = exchange.getResponseBody();
      event(out, created(resp));
      ObjectNode failed = JSON.createObjectNode().put("type", "response.failed");
      ObjectNode r = failed.putObject("response").put("id", resp).put("status", "failed");
      r.putObject("error").put("code", d.failCode).put("message", d.failMessage);
      event(out, failed);
      return;
    }
    if (failNow && d.hang) {
      startSse(exchange, req);
      OutputStream out = exchange.getResponseBody();
      event(out, created(resp));
      req.hanging = true;
      try {
        while (!awaitClose(Duration.ofMillis(200))) {
          out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      } finally {
        req.hanging = false;
      }
      return;
    }
    ArrayNode content = JSON.createArrayNode();
    content.addObject().put("type", "output_text").put("text", d.reply).putArray("annotations");
    ObjectNode item =
        JSON.createObjectNode()
            .put("type", "message")
            .put("role", "assistant")
            .put("id", "msg_" + resp.substring(5))
            .set("content", content);
    streamTurn(exchange, req, resp, item, d);
  }

  /** A request over the rate limit: told to come back after {@code wait}. */
  private void refuse(
      HttpExchange exchange, RecordedRequest req, RateLimit.Answer answer, Duration wait)
      throws IOException {
    String message =
        "Rate limit reached for requests (mock). Please try again in " + wait.toMillis() + "ms.";
    if (answer == RateLimit.Answer.STREAM) {
      String resp = "resp_" + ids.incrementAndGet();
      startSse(exchange, req);
      OutputStream out = exchange.getResponseBody();
      event(out, created(resp));
      ObjectNode failed = JSON.createObjectNode().put("type", "response.failed");
      ObjectNode r = failed.putObject("response").put("id", resp).put("status", "failed");
      r.putObject("error").put("code", "rate_limit_exceeded").put("message", message);
      event(out, failed);
      return;
    }
    exchange.getResponseHeaders().set("retry-after", Long.toString(ceilSeconds(wait)));
    exchange.getResponseHeaders().set("retry-after-ms", Long.toString(wait.toMillis()));
    sendError(exchange, req, 429, message);
  }

  private static long ceilSeconds(Duration d) {
    return (d.toMillis() + 999) / 1000;
  }

  private void streamTurn(
      HttpExchange exchange, RecordedRequest req, String resp, ObjectNode item, Directives d)
      throws IOException {
    startSse(exchange, req);
    OutputStream out = exchange.getResponseBody();
    event(out, created(resp));
    ObjectNode done =
        JSON.createObjectNode().put("type", "response.output_item.done").put("output_index", 0);
    done.set("item", item);
    event(out, done);
    ObjectNode completed = JSON.createObjectNode().put("type", "response.completed");
    ObjectNode r = completed.putObject("response").put("id", resp).put("status", "completed");
    ObjectNode usage = r.putObject("usage").put("input_tokens", d.inputTokens);
    usage.putObject("input_tokens_details").put("cached_tokens", d.cachedTokens);
    usage.put("output_tokens", d.outputTokens);
    usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
    usage.put("total_tokens", d.inputTokens + d.outputTokens);
    event(out, completed);
  }

  private static ObjectNode created(String resp) {
    ObjectNode created = JSON.createObjectNode().put("type", "response.created");
    created.putObject("response").put("id", resp);
    return created;
  }

  private static void startSse(HttpExchange exchange, RecordedRequest req) throws IOException {
    exchange.getResponseHeaders().set("content-type", "text/event-stream");
    exchange.getResponseHeaders().set("cache-control", "no-cache");
    exchange.sendResponseHeaders(200, 0);
    req.status = 200;
  }

  private static void event(OutputStream out, ObjectNode data) throws IOException {
    String text = "event: " + data.get("type").asText() + "\ndata: " + data + "\n\n";
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void sendHttpError(
      HttpExchange exchange, RecordedRequest req, int status, String message) throws IOException {
    if (status == 429) {
      exchange.getResponseHeaders().set("retry-after", "0");
    }
    sendError(exchange, req, status, message);
  }

  private static void sendError(
      HttpExchange exchange, RecordedRequest req, int status, String message) throws IOException {
    String type =
        status == 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "invalid_request";
    ObjectNode body = JSON.createObjectNode();
    body.putObject("error").put("message", message).put("type", type).put("code", type);
    sendJson(exchange, status, body.toString());
    req.status = status;
  }

  private static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("content-type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  /** Waits up to {@code d}; true when the server was closed meanwhile. */
  private boolean awaitClose(Duration d) {
    try {
      return closed.await(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private static JsonNode parse(byte[] raw) {
    if (raw.length == 0) {
      return JSON.missingNode();
    }
    try {
      return JSON.readTree(raw);
    } catch (IOException e) {
      return TextNode.valueOf(new String(raw, StandardCharsets.UTF_8));
    }
  }

  private static int lastUserMessage(JsonNode input) {
    int last = -1;
    for (int i = 0; i < input.size(); i++) {
      JsonNode item = input.get(i);
      if ("user".equals(item.path("role").asText())
          && "message".equals(item.path("type").asText("message"))) {
        last = i;
      }
    }
    return last;
  }

  static String promptOf(JsonNode body) {
    JsonNode input = body.path("input");
    if (input.isTextual()) {
      return input.asText();
    }
    int last = lastUserMessage(input);
    if (last < 0) {
      return "";
    }
    JsonNode content = input.get(last).path("content");
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      if (part.has("text")) {
        text.append(part.get("text").asText());
      }
    }
    return text.toString();
  }

  private static List<String> functionCallOutputsAfterPrompt(JsonNode body) {
    JsonNode input = body.path("input");
    List<String> outputs = new ArrayList<>();
    for (int i = Math.max(0, lastUserMessage(input) + 1); i < input.size(); i++) {
      JsonNode item = input.get(i);
      if ("function_call_output".equals(item.path("type").asText())) {
        JsonNode output = item.path("output");
        outputs.add(output.isTextual() ? output.asText() : output.toString());
      }
    }
    return outputs;
  }

  /** The directives of one prompt. */
  private static final class Directives {
    String reply = DEFAULT_REPLY;
    final List<String> commands = new ArrayList<>();
    long inputTokens = 100;
    long outputTokens = 10;
    long cachedTokens = 0;
    String failCode;
    String failMessage;
    Integer httpStatus;
    String httpMessage;
    boolean hang;
    Duration sleep;
    Integer failTimes;

    static Directives parse(String prompt) {
      Directives d = new Directives();
      Matcher m = DIRECTIVE.matcher(prompt);
      while (m.find()) {
        String key = m.group(1).toLowerCase(Locale.ROOT);
        String value = m.group(2) == null ? "" : m.group(2).trim();
        switch (key) {
          case "reply" -> d.reply = value.replace("\\n", "\n");
          case "cmd" -> d.commands.add(value);
          case "tokens" -> {
            String[] parts = value.split("/");
            d.inputTokens = Long.parseLong(parts[0].trim());
            d.outputTokens = Long.parseLong(parts[1].trim());
            d.cachedTokens = parts.length > 2 ? Long.parseLong(parts[2].trim()) : 0;
          }
          case "fail" -> {
            int colon = value.indexOf(':');
            d.failCode = colon < 0 ? "server_error" : value.substring(0, colon);
            d.failMessage = colon < 0 ? value : value.substring(colon + 1);
          }
          case "http" -> {
            int colon = value.indexOf(':');
            d.httpStatus = Integer.parseInt(colon < 0 ? value : value.substring(0, colon));
            d.httpMessage = colon < 0 ? "mock http " + d.httpStatus : value.substring(colon + 1);
          }
          case "hang" -> d.hang = true;
          case "times" -> d.failTimes = Integer.parseInt(value);
          case "sleep" -> d.sleep = parseDuration(value);
          default -> throw new IllegalArgumentException("unknown @mock directive: " + key);
        }
      }
      return d;
    }

    static Duration parseDuration(String text) {
      String t = text.trim().toLowerCase(Locale.ROOT);
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
      }
      if (t.endsWith("s")) {
        return Duration.ofMillis(
            Math.round(Double.parseDouble(t.substring(0, t.length() - 1).trim()) * 1000));
      }
      return Duration.ofMillis(Long.parseLong(t));
    }
  }

  /** One request the server received. */
  public static final class RecordedRequest {
    private final String method;
    private final String path;
    private final JsonNode body;
    private final String prompt;
    private final List<String> functionCallOutputs;
    private final Instant arrivedAt;
    private volatile Instant completedAt;
    private volatile int status;
    private volatile boolean hanging;
    private volatile boolean rateLimited;
    private volatile String failure;

    RecordedRequest(
        String method,
        String path,
        JsonNode body,
        String prompt,
        List<String> functionCallOutputs,
        Instant arrivedAt) {
      this.method = method;
      this.path = path;
      this.body = body;
      this.prompt = prompt;
      this.functionCallOutputs = List.copyOf(functionCallOutputs);
      this.arrivedAt = arrivedAt;
    }

    public String method() {
      return method;
    }

    public String path() {
      return path;
    }

    /** The JSON body (a missing node when empty, a text node when not JSON). */
    public JsonNode body() {
      return body;
    }

    /** The text of the last user message of {@code input} ("" when none). */
    public String prompt() {
      return prompt;
    }

    /** The {@code output} of each {@code function_call_output} item after the prompt. */
    public List<String> functionCallOutputs() {
      return functionCallOutputs;
    }

    public boolean isModelRequest() {
      return method.equals("POST") && path.equals("/v1/responses");
    }

    public Instant arrivedAt() {
      return arrivedAt;
    }

    /** When the answer was finished (or the connection dropped); null while in progress. */
    public Instant completedAt() {
      return completedAt;
    }

    public boolean isCompleted() {
      return completedAt != null;
    }

    /** True while a {@code hang} answer is being held open. */
    public boolean isHanging() {
      return hanging;
    }

    /** True when the rate limit refused it (no directive of its prompt was played). */
    public boolean rateLimited() {
      return rateLimited;
    }

    /** The HTTP status sent (0 before the headers went out). */
    public int status() {
      return status;
    }

    /** The exception that ended the answer (e.g. the client went away), or null. */
    public String failure() {
      return failure;
    }

    @Override
    public String toString() {
      return method + " " + path + " prompt=" + prompt.replace("\n", "\\n") + " at " + arrivedAt;
    }
  }
}
