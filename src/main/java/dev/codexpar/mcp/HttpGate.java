package dev.codexpar.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The door of {@code serve --http}: a Vert.x filter in front of every route (the MCP endpoint
 * included) that lets a request through only when the server is configured, the bearer token
 * matches (when one is set; the pages of {@link WebView} also take the session cookie a browser
 * gets for {@code ?token=}) and a browser's {@code Origin}, if any, is the local machine. Anything
 * else is answered here (401, 403, 503) and never reaches a tool. A POST whose body is not JSON
 * gets HTTP 400 with the JSON-RPC parse error (the extension would answer it with 200).
 *
 * <p>Registered whenever {@code serve} boots Quarkus, but only {@code serve --http} has a listener,
 * so it only ever runs there.
 */
@ApplicationScoped
public class HttpGate {
  /** Before the auth handlers Quarkus may add, and before every route. */
  private static final int PRIORITY = 1000;

  /** The body limit Quarkus applies to its own routes (10 MiB). */
  private static final long BODY_LIMIT = 10L << 20;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PARSE_ERROR = -32700;
  private static final String BEARER = "Bearer ";
  private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  /** The cookie a browser of the web view holds once it has shown the token ({@link WebView}). */
  static final String SESSION_COOKIE = "codex-par-session";

  /** The query parameter a browser brings the token in, once, to get the cookie instead. */
  static final String TOKEN_PARAMETER = "token";

  /** Null until {@link #open}: requests in the moment between bind and configure get 503. */
  private volatile Optional<byte[]> token;

  /**
   * The web view's cookie value: random for the server's life and not the token, so a browser never
   * keeps the token itself.
   */
  private final byte[] session = newSession();

  void register(@Observes Filters filters) {
    filters.register(this::check, PRIORITY);
  }

  /** Runs after the filter and before the extension's endpoint, which reuses the body read here. */
  void routes(@Observes Router router) {
    router
        .post(HttpServer.PATH)
        .order(-1)
        .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
        .handler(HttpGate::requireJson);
  }

  /** Starts letting requests through; with a token, only those that carry it. */
  void open(Optional<String> bearerToken) {
    token = bearerToken.map(t -> t.getBytes(StandardCharsets.UTF_8));
  }

  private void check(RoutingContext ctx) {
    Optional<byte[]> expected = token;
    if (expected == null) {
      ctx.response().putHeader("Retry-After", "1");
      refuse(ctx, 503, "codex-par is starting; try again");
    } else if (expected.isPresent() && !carries(ctx, expected.get()) && !hasSession(ctx)) {
      if (exchangedToken(ctx, expected.get())) {
        return;
      }
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"codex-par\"");
      refuse(
          ctx,
          401,
          "Unauthorized: send the header Authorization: Bearer <token> (a browser: open the page"
              + " once with ?token=<token>)");
    } else if (!localOrigin(ctx.request().getHeader(HttpHeaders.ORIGIN))) {
      refuse(ctx, 403, "Forbidden: requests from web pages of other hosts are refused");
    } else {
      ctx.next();
    }
  }

  /** A page of the web view asked with the session cookie (never {@code /mcp}). */
  private boolean hasSession(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(SESSION_COOKIE);
    return WebView.isPage(ctx.normalizedPath())
        && cookie != null
        && MessageDigest.isEqual(session, cookie.getValue().getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * A browser cannot send a bearer header when it navigates: a page asked with {@code ?token=} (the
   * right one) gets the session cookie (HttpOnly, SameSite=Strict: no script reads it, no other
   * site's request carries it) and is sent on to the same path without the token, so it stays out
   * of the address bar and the history.
   */
  private boolean exchangedToken(RoutingContext ctx, byte[] expected) {
    String path = ctx.normalizedPath();
    List<String> given = ctx.queryParam(TOKEN_PARAMETER);
    if (!WebView.isPage(path)
        || ctx.request().method() != HttpMethod.GET
        || given.size() != 1
        || !MessageDigest.isEqual(expected, given.get(0).getBytes(StandardCharsets.UTF_8))) {
      return false;
    }
    ctx.response()
        .addCookie(
            Cookie.cookie(SESSION_COOKIE, new String(session, StandardCharsets.US_ASCII))
                .setPath("/")
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT))
        .putHeader(HttpHeaders.LOCATION, path)
        .putHeader("Referrer-Policy", "no-referrer")
        .setStatusCode(303)
        .end();
    return true;
  }

  private static byte[] newSession() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(random)
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static void requireJson(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    JsonNode message = body == null ? null : json(body);
    if (message == null) {
      error(ctx, 400, PARSE_ERROR, "Parse error: the request body is not JSON");
      return;
    }
    Optional<String> invalid = RequestShape.invalidParams(message);
    if (invalid.isPresent()) {
      ctx.response()
          .setStatusCode(200)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(
              RequestShape.error(message.get("id"), RequestShape.INVALID_PARAMS, invalid.get())
                  .toString());
      return;
    }
    ctx.next();
  }

  private static JsonNode json(Buffer body) {
    try {
      return JSON.readTree(body.getBytes());
    } catch (IOException e) {
      return null;
    }
  }

  /** Compares in constant time (for tokens of the expected length). */
  private static boolean carries(RoutingContext ctx, byte[] expected) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return false;
    }
    byte[] given = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, given);
  }

  /**
   * No {@code Origin} (every MCP client but a browser) or one on this machine: the defence against
   * DNS rebinding that the MCP specification asks of local servers.
   */
  static boolean localOrigin(String origin) {
    if (origin == null) {
      return true;
    }
    try {
      String host = URI.create(origin).getHost();
      return host != null && LOCAL_HOSTS.contains(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void refuse(RoutingContext ctx, int status, String message) {
    error(ctx, status, -32001, message);
  }

  /** A JSON-RPC error without id (messages here hold no quotes or backslashes). */
  private static void error(RoutingContext ctx, int status, int code, String message) {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":"
            + code
            + ",\"message\":\""
            + message
            + "\"}}";
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body);
  }
}
