package dev.codexpar.mcp;

import io.quarkiverse.mcp.server.GlobalInputSchemaGenerator;
import io.quarkiverse.mcp.server.ToolManager;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;

/**
 * Input schemas of the tools, from their arguments' types and descriptions. The tools take only
 * text, whole numbers, booleans and lists of those; the extension's default generator (a general
 * JSON Schema library) cost {@code serve} about 50 ms at every boot (the HTTP transport builds the
 * tools at boot, even when only stdio serves them).
 */
@Singleton
public class ArgumentSchemas implements GlobalInputSchemaGenerator {

  @Override
  public InputSchema generate(ToolManager.ToolInfo tool) {
    JsonObject properties = new JsonObject();
    JsonArray required = new JsonArray();
    for (ToolManager.ToolArgument argument : tool.arguments()) {
      JsonObject schema = schemaOf(argument.type());
      if (argument.description() != null && !argument.description().isBlank()) {
        schema.put("description", argument.description());
      }
      properties.put(argument.name(), schema);
      if (argument.required()) {
        required.add(argument.name());
      }
    }
    JsonObject schema =
        new JsonObject()
            .put("type", "object")
            .put("properties", properties)
            .put("required", required);
    return new Schema(schema);
  }

  static JsonObject schemaOf(Type type) {
    Class<?> raw =
        type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    if (raw == String.class) {
      return new JsonObject().put("type", "string");
    } else if (raw == Boolean.class || raw == boolean.class) {
      return new JsonObject().put("type", "boolean");
    } else if (List.of(Integer.class, int.class, Long.class, long.class).contains(raw)) {
      return new JsonObject().put("type", "integer");
    } else if (java.util.Map.class.isAssignableFrom(raw)) {
      return new JsonObject().put("type", "object");
    } else if (List.class.isAssignableFrom(raw) && type instanceof ParameterizedType p) {
      return new JsonObject()
          .put("type", "array")
          .put("items", schemaOf(p.getActualTypeArguments()[0]));
    }
    throw new IllegalArgumentException(
        "no input schema for tool argument type " + type + ": add it to ArgumentSchemas");
  }

  private record Schema(JsonObject value) implements InputSchema {
    @Override
    public String asJson() {
      return value.encode();
    }
  }
}
