package dev.codexpar.plan;

import dev.codexpar.model.TaskSpec;
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

  public int waveCount() {
    return waves.values().stream().mapToInt(w -> w + 1).max().orElse(0);
  }
}
