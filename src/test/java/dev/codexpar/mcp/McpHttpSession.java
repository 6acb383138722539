package dev.codexpar.mcp;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One MCP client over Streamable HTTP, with rest-assured: initializes a session (keeping its {@code
 * Mcp-Session-Id}) and calls tools; answers may come as JSON or as a server-sent event stream.
 */
final class McpHttpSession {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ACCEPT = "application/json, text/event-stream";

  private final String url;
  private final Optional<String> token;
  private final AtomicInteger ids = new AtomicInteger();
  final String sessionId;

  private McpHttpSession(String url, Optional<String> token, String sessionId) {
    this.url = url;
    this.token = token;
    this.sessionId = sessionId;
  }

  /** A request to {@code url/mcp} with the headers every client sends (and the token, if any). */
  static RequestSpecification request(String url, Optional<String> token) {
    RequestSpecification spec =
        given().baseUri(url).basePath("/mcp").contentType("application/json").accept(ACCEPT);
    return token.map(t -> spec.header("Authorization", "Bearer " + t)).orElse(spec);
  }

  static String initializeBody(int id) {
    return message(
        id,
        "initialize",
        Map.of(
            "protocolVersion",
            "2025-06-18",
            "capabilities",
            Map.of(),
            "clientInfo",
            Map.of("name", "rest-assured", "version", "1")));
  }

  /** initialize, then notifications/initialized; fails on anything but success. */
  static McpHttpSession open(String url, Optional<String> token) {
    Response init = request(url, token).body(initializeBody(0)).post();
    if (init.statusCode() != 200) {
      throw new AssertionError("initialize: HTTP " + init.statusCode() + " " + init.asString());
    }
    String sessionId = init.header("Mcp-Session-Id");
    if (sessionId == null || sessionId.isBlank()) {
      throw new AssertionError("initialize gave no Mcp-Session-Id");
    }
    McpHttpSession session = new McpHttpSession(url, token, sessionId);
    Response ack =
        session
            .post(
                JSON.createObjectNode()
                    .put("jsonrpc", "2.0")
                    .put("method", "notifications/initialized")
                    .toString())
            .andReturn();
    if (ack.statusCode() != 202) {
      throw new AssertionError("notifications/initialized: HTTP " + ack.statusCode());
    }
    return session;
  }

  Response post(String body) {
    return request(url, token).header("Mcp-Session-Id", sessionId).body(body).post();
  }

  /** The JSON-RPC answer (result or error) to a request. */
  JsonNode rpc(String method, Object params) {
    int id = ids.incrementAndGet();
    Response response = post(message(id, method, params));
    if (response.statusCode() != 200) {
      throw new AssertionError(
          method + ": HTTP " + response.statusCode() + " " + response.asString());
    }
    return answer(response, id);
  }

  /** The structured content of a successful tool call (fails the test on an error result). */
  JsonNode ok(String tool, Map<String, Object> args) {
    JsonNode result = rpc("tools/call", Map.of("name", tool, "arguments", args)).path("result");
    if (result.isMissingNode() || result.path("isError").asBoolean(false)) {
      throw new AssertionError(tool + " failed: " + result);
    }
    return result.path("structuredContent");
  }

  /** The answer with {@code id}, whether the body is JSON or an event stream. */
  static JsonNode answer(Response response, int id) {
    String type = String.valueOf(response.contentType());
    String body = response.asString();
    try {
      if (!type.startsWith("text/event-stream")) {
        return JSON.readTree(body);
      }
      for (String line : body.split("\n")) {
        if (line.startsWith("data:")) {
          JsonNode event = JSON.readTree(line.substring(5).trim());
          if (event.path("id").asInt(-1) == id) {
            return event;
          }
        }
      }
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
    throw new AssertionError("no answer to request " + id + " in: " + body);
  }

  static String message(int id, String method, Object params) {
    try {
      return JSON.writeValueAsString(
          Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", params));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
