package dev.codexpar.appserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task's {@code config_overrides} ({@code key=value}, as exec's {@code -c} takes them) as the
 * {@code config} object of {@code thread/start}: dotted keys kept as they are (the app-server reads
 * them as {@code -c} does, checked with codex 0.171), values read the way codex reads a {@code -c}
 * value: TOML scalars (booleans, numbers, quoted strings) and arrays, else the raw text as a
 * string. Later keys win, as later {@code -c} flags do.
 */
public final class ConfigOverrides {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfigOverrides() {}

  /**
   * @throws IllegalArgumentException for an entry without {@code =} or with an empty key
   */
  public static Map<String, Object> toConfig(List<String> overrides) {
    Map<String, Object> config = new LinkedHashMap<>();
    for (String override : overrides) {
      int eq = override.indexOf('=');
      String key = eq < 0 ? "" : override.substring(0, eq).strip();
      if (key.isEmpty()) {
        throw new IllegalArgumentException("config override '" + override + "' must be key=value");
      }
      config.put(key, value(override.substring(eq + 1).strip()));
    }
    return config;
  }

  private static Object value(String text) {
    if (text.equals("true") || text.equals("false")) {
      return Boolean.valueOf(text);
    }
    if (text.matches("[+-]?\\d+")) {
      return Long.valueOf(text);
    }
    if (text.matches("[+-]?\\d+\\.\\d+")) {
      return Double.valueOf(text);
    }
    if (text.startsWith("'") && text.endsWith("'") && text.length() >= 2) {
      return text.substring(1, text.length() - 1); // a TOML literal string: no escapes
    }
    if (text.startsWith("\"") || text.startsWith("[")) {
      // TOML basic strings and arrays of them are JSON
      try {
        JsonNode node = JSON.readTree(text);
        return node.isTextual() ? node.textValue() : JSON.treeToValue(node, Object.class);
      } catch (JsonProcessingException e) {
        return text;
      }
    }
    return text;
  }
}
