package dev.codexpar.mcp;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.quarkiverse.mcp.server.GlobalOutputSchemaGenerator;
import jakarta.inject.Singleton;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Output schemas of the tools, read from the result records of {@link Views}: snake_case names as
 * the results are written, and every nullable value typed so (the extension's default generator
 * knows neither, so strict clients would reject valid results).
 */
@Singleton
public class RecordSchemas implements GlobalOutputSchemaGenerator {
  private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE =
      new PropertyNamingStrategies.SnakeCaseStrategy();

  @Override
  public Object generate(Class<?> from) {
    return schemaOf(from, true);
  }

  /**
   * The result's own fields with their types; a nested record is only an object (its field names
   * show in every answer, and tools/list is read by a model whole, at every session's start).
   */
  private static Map<String, Object> schemaOf(Type type, boolean top) {
    Class<?> raw =
        type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    if (raw.isRecord() && top) {
      Map<String, Object> properties = new LinkedHashMap<>();
      for (RecordComponent c : raw.getRecordComponents()) {
        // No "null" in the types: the results leave null fields out (@JsonInclude NON_NULL).
        properties.put(SNAKE.translate(c.getName()), schemaOf(c.getGenericType(), false));
      }
      Map<String, Object> schema = new LinkedHashMap<>();
      schema.put("type", "object");
      schema.put("properties", properties);
      return schema;
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    if (List.class.isAssignableFrom(raw)) {
      schema.put("type", "array");
      if (type instanceof ParameterizedType p) {
        schema.put("items", schemaOf(p.getActualTypeArguments()[0], false));
      }
    } else if (Map.class.isAssignableFrom(raw) || raw.isRecord()) {
      schema.put("type", "object");
    } else if (raw == boolean.class || raw == Boolean.class) {
      schema.put("type", "boolean");
    } else if (raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class) {
      schema.put("type", "integer");
    } else {
      schema.put("type", "string");
    }
    return schema;
  }
}
