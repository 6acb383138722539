package dev.codexpar.plan;

import dev.codexpar.model.TaskSpec;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated set of tasks and their waves (Kahn levels, for display and files only: scheduling
 * follows each task's own dependencies).
 */
public record Plan(List<TaskSpec> tasks, Map<String, Integer> waves) {
  public Plan {
    tasks = List.copyOf(tasks);
    waves = Map.copyOf(waves);
  }

  /** The tasks with their waves computed from their dependencies (a graph already validated). */
  public static Plan of(List<TaskSpec> tasks) {
    return new Plan(tasks, Dag.waves(dependenciesOf(tasks)));
  }

  /** Task name → the names it depends on, in file order. */
  public Map<String, List<String>> dependencies() {
    return dependenciesOf(tasks);
  }

  private static Map<String, List<String>> dependenciesOf(List<TaskSpec> tasks) {
    Map<String, List<String>> deps = new LinkedHashMap<>();
    tasks.forEach(t -> deps.put(t.name(), t.dependsOn()));
    return deps;
  }

  /** The tasks, each after all of its dependencies (by wave, then file order). */
  public List<TaskSpec> tasksInDependencyOrder() {
    return tasks.stream().sorted(Comparator.comparingInt(t -> waves.get(t.name()))).toList();
  }

  public int waveCount() {
    return waves.values().stream().mapToInt(w -> w + 1).max().orElse(0);
  }
}
