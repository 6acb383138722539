package dev.codexpar.mcp;

import dev.codexpar.plan.Suggest;
import dev.codexpar.usecase.Refusal;
import io.quarkiverse.mcp.server.ToolInputGuardrail;
import io.quarkiverse.mcp.server.ToolManager;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a call's arguments against the tool's before any is converted: an unknown name (with the
 * closest known one), a value of the wrong type, a number out of range or with a fraction is an
 * {@code INVALID_ARGUMENT} naming the field, never silently ignored, wrapped or truncated.
 *
 * <p>A guardrail can only fail a call as text, so the refusal is kept for the call (by connection
 * and request id) and the tool's body is never run: {@link ToolCalls#respond} answers it as a
 * result with its code. The arguments are replaced by placeholders the extension can convert.
 */
@Singleton
public class ArgumentCheck implements ToolInputGuardrail {
  private static final Map<String, Refusal> REFUSED = new ConcurrentHashMap<>();

  @Override
  public void apply(ToolInputContext context) {
    JsonObject arguments = context.getArguments();
    if (arguments == null) {
      return;
    }
    Optional<String> problem = problem(context.getTool(), arguments);
    if (problem.isPresent()) {
      REFUSED.put(
          key(context.getConnection().id(), context.getRequestId().asString()),
          Refusal.invalid(problem.get()));
      context.setArguments(placeholders(context.getTool()));
    }
  }

  /** The refusal kept for this call, once. */
  static Optional<Refusal> take(String connectionId, String requestId) {
    return Optional.ofNullable(REFUSED.remove(key(connectionId, requestId)));
  }

  private static String key(String connectionId, String requestId) {
    return connectionId + "\u0000" + requestId;
  }

  static Optional<String> problem(ToolManager.ToolInfo tool, JsonObject arguments) {
    Map<String, ToolManager.ToolArgument> known = new LinkedHashMap<>();
    tool.arguments().forEach(a -> known.put(a.name(), a));
    for (Map.Entry<String, Object> given : arguments) {
      ToolManager.ToolArgument argument = known.get(given.getKey());
      if (argument == null) {
        return Optional.of(
            "unknown argument '"
                + escape(given.getKey())
                + "' for "
                + tool.name()
                + Suggest.didYouMean(given.getKey(), known.keySet())
                + "; it takes "
                + known.keySet());
      }
      if (given.getValue() != null) {
        Optional<String> wrong = wrongType(argument.type(), given.getValue());
        if (wrong.isPresent()) {
          return Optional.of(argument.name() + " " + wrong.get());
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> wrongType(Type type, Object value) {
    Class<?> raw =
        type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    if (raw == String.class) {
      return value instanceof String ? Optional.empty() : Optional.of("must be a string");
    }
    if (raw == Boolean.class || raw == boolean.class) {
      return value instanceof Boolean ? Optional.empty() : Optional.of("must be true or false");
    }
    if (raw == Integer.class || raw == int.class) {
      return whole(
          value, BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE));
    }
    if (raw == Long.class || raw == long.class) {
      return whole(value, BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE));
    }
    if (List.class.isAssignableFrom(raw) && type instanceof ParameterizedType p) {
      if (!(value instanceof JsonArray array)) {
        return Optional.of("must be a list");
      }
      for (Object item : array) {
        Optional<String> wrong = wrongType(p.getActualTypeArguments()[0], item);
        if (wrong.isPresent()) {
          return Optional.of("items: each " + wrong.get());
        }
      }
      return Optional.empty();
    }
    if (Map.class.isAssignableFrom(raw)) {
      return value instanceof JsonObject ? Optional.empty() : Optional.of("must be an object");
    }
    return Optional.empty();
  }

  private static Optional<String> whole(Object value, BigInteger min, BigInteger max) {
    if (!(value instanceof Number number)) {
      return Optional.of("must be a whole number");
    }
    BigDecimal exact = new BigDecimal(number.toString());
    if (exact.stripTrailingZeros().scale() > 0) {
      return Optional.of("must be a whole number, got " + number);
    }
    BigInteger whole = exact.toBigIntegerExact();
    if (whole.compareTo(min) < 0 || whole.compareTo(max) > 0) {
      return Optional.of("is out of range, got " + number);
    }
    return Optional.empty();
  }

  /** Control, format and other invisible characters as {@code \\uXXXX}: a name is echoed safely. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .forEach(
            c -> {
              int type = Character.getType(c);
              if (Character.isISOControl(c)
                  || type == Character.FORMAT
                  || type == Character.UNASSIGNED
                  || type == Character.PRIVATE_USE) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }

  /** Values the extension converts without complaint: the body is not run anyway. */
  private static JsonObject placeholders(ToolManager.ToolInfo tool) {
    JsonObject arguments = new JsonObject();
    for (ToolManager.ToolArgument argument : tool.arguments()) {
      if (argument.required()) {
        arguments.put(argument.name(), placeholder(argument.type()));
      }
    }
    return arguments;
  }

  private static Object placeholder(Type type) {
    Class<?> raw =
        type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    if (raw == String.class) {
      return "";
    }
    if (raw == Boolean.class || raw == boolean.class) {
      return false;
    }
    if (List.class.isAssignableFrom(raw)) {
      return new JsonArray();
    }
    if (Map.class.isAssignableFrom(raw)) {
      return new JsonObject();
    }
    return 0;
  }
}
