package dev.codexpar.mcp;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.codexpar.usecase.Refusal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns dispatch arguments into the {@code tasks:} YAML the plan loader validates. */
final class DispatchYaml {
  private static final YAMLMapper YAML = new YAMLMapper();

  private DispatchYaml() {}

  static String fromFields(
      String name,
      String prompt,
      String cwd,
      List<String> dependsOn,
      String sandbox,
      String model) {
    ObjectNode task = YAML.createObjectNode();
    task.put("name", name);
    task.put("prompt", prompt);
    task.put("cwd", cwd);
    if (dependsOn != null && !dependsOn.isEmpty()) {
      ArrayNode deps = task.putArray("depends_on");
      dependsOn.forEach(deps::add);
    }
    if (sandbox != null) {
      task.put("sandbox", sandbox);
    }
    if (model != null) {
      task.put("model", model);
    }
    return wrap(List.of(task));
  }

  /** One task given as a YAML mapping (or as a {@code tasks:} list of exactly one). */
  static String singleTask(String yaml) {
    JsonNode root = parse(yaml);
    if (root.isObject() && root.has("tasks")) {
      JsonNode tasks = root.get("tasks");
      if (!tasks.isArray() || tasks.size() != 1) {
        throw Refusal.invalid("dispatch_task takes one task; use dispatch_wave for more");
      }
      return yaml;
    }
    if (!root.isObject()) {
      throw Refusal.invalid("yaml must be one task as a mapping (name, prompt, cwd, ...)");
    }
    return wrap(List.of(root));
  }

  /** Tasks given as JSON objects, as the {@code tasks:} YAML the loader validates. */
  static String taskObjects(List<Map<String, Object>> tasks) {
    if (tasks.isEmpty()) {
      throw Refusal.invalid("tasks must not be empty");
    }
    return wrap(tasks.stream().map(t -> (JsonNode) YAML.valueToTree(t)).toList());
  }

  /** A batch: a {@code tasks:} list, or a bare list of tasks. */
  static String taskList(String yaml) {
    JsonNode root = parse(yaml);
    if (root.isArray()) {
      List<JsonNode> tasks = new ArrayList<>();
      root.forEach(tasks::add);
      return wrap(tasks);
    }
    if (!root.isObject() || !root.has("tasks")) {
      throw Refusal.invalid("yaml must be a 'tasks:' list");
    }
    return yaml;
  }

  private static JsonNode parse(String yaml) {
    if (yaml == null || yaml.isBlank()) {
      throw Refusal.invalid("yaml is required");
    }
    try {
      JsonNode root = YAML.readTree(yaml);
      if (root == null) {
        throw Refusal.invalid("yaml is empty");
      }
      return root;
    } catch (JacksonException e) {
      throw new Refusal(
          Refusal.Kind.VALIDATION_FAILED, "yaml is not valid YAML: " + e.getOriginalMessage());
    }
  }

  private static String wrap(List<JsonNode> tasks) {
    ObjectNode root = YAML.createObjectNode();
    ArrayNode list = root.putArray("tasks");
    tasks.forEach(list::add);
    try {
      return YAML.writeValueAsString(root);
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot write YAML", e);
    }
  }
}
