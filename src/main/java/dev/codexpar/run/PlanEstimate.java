package dev.codexpar.run;

import dev.codexpar.model.TaskSpec;
import dev.codexpar.plan.CriticalPath;
import dev.codexpar.store.DurationHistory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plan's durations as earlier runs measured them, and its expected critical path. What the
 * scheduler orders ready tasks by, and what {@code run --dry-run} shows.
 *
 * @param known task name → its estimate, for the tasks with history
 * @param fallback the estimate of a task without history: the median of the known ones, else {@link
 *     #DEFAULT}
 * @param path the longest chain by these estimates
 */
public record PlanEstimate(Map<String, Duration> known, Duration fallback, CriticalPath path) {
  /** A task's estimate when no task of the plan has history. */
  public static final Duration DEFAULT = Duration.ofMinutes(1);

  public PlanEstimate {
    known = Map.copyOf(known);
  }

  /**
   * @param history {@link DurationHistory#key} → estimate, as {@link DurationHistory#estimates}
   *     gives it
   */
  public static PlanEstimate of(List<TaskSpec> tasks, Map<String, Duration> history) {
    Map<String, Duration> known = new LinkedHashMap<>();
    Map<String, List<String>> deps = new LinkedHashMap<>();
    for (TaskSpec task : tasks) {
      deps.put(task.name(), task.dependsOn());
      Duration estimate = history.get(DurationHistory.key(task.name(), task.prompt()));
      if (estimate != null) {
        known.put(task.name(), estimate);
      }
    }
    List<Duration> sorted = known.values().stream().sorted().toList();
    Duration fallback = sorted.isEmpty() ? DEFAULT : sorted.get(sorted.size() / 2);
    return new PlanEstimate(
        known, fallback, CriticalPath.of(deps, name -> known.getOrDefault(name, fallback)));
  }

  /** Whether any task has history (else the scheduler keeps its most-dependants-first order). */
  public boolean informed() {
    return !known.isEmpty();
  }

  public Duration estimate(String task) {
    return known.getOrDefault(task, fallback);
  }
}
