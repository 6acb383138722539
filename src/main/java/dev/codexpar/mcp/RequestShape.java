package dev.codexpar.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * What both transports check of a request before the MCP extension sees it, because the extension
 * (1.10.1) answers none of these: {@code "params": null} (or any params that are not an object) and
 * a {@code tools/call} whose arguments are not an object (an array got -32603 without a word).
 */
final class RequestShape {
  static final int INVALID_PARAMS = -32602;

  private RequestShape() {}

  /** Why the request's params are invalid; empty when they are fine (or it is no request). */
  static Optional<String> invalidParams(JsonNode message) {
    if (!message.hasNonNull("method") || !message.has("params")) {
      return Optional.empty();
    }
    JsonNode params = message.get("params");
    if (!params.isObject()) {
      return Optional.of("Invalid params: params must be an object, got " + kind(params));
    }
    JsonNode arguments = params.get("arguments");
    if ("tools/call".equals(message.get("method").asText())
        && arguments != null
        && !arguments.isNull()
        && !arguments.isObject()) {
      return Optional.of(
          "Invalid params: arguments must be an object of named arguments, got " + kind(arguments));
    }
    return Optional.empty();
  }

  /** A JSON-RPC error answer to {@code id} (null when unknown). */
  static ObjectNode error(JsonNode id, int code, String message) {
    ObjectNode error = JsonNodeFactory.instance.objectNode();
    error.put("jsonrpc", "2.0");
    error.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
    error.putObject("error").put("code", code).put("message", message);
    return error;
  }

  private static String kind(JsonNode node) {
    return node.isNull()
        ? "null"
        : node.isArray()
            ? "an array"
            : "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
