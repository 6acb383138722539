package dev.codexpar.run;

import dev.codexpar.plan.CriticalPath;
import dev.codexpar.plan.Dag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order in which ready tasks take free slots when slots are scarce. With estimated durations
 * (from earlier runs) the task with the longest remaining path goes first, a task without history
 * counting {@code fallback}; when nothing is known, the task that unblocks the most others goes
 * first (the count of transitive dependants stands in for the critical path). Ties keep file order.
 */
final class StartOrder {
  private StartOrder() {}

  /**
   * @param deps task name → its dependencies, in file order
   * @param known estimated durations of the tasks that have one
   * @param fallback the estimate of a task without one
   */
  static List<String> of(
      Map<String, List<String>> deps, Map<String, Duration> known, Duration fallback) {
    Map<String, Integer> dependants = Dag.dependantCounts(deps);
    Comparator<String> byDependants = Comparator.comparingInt(name -> -dependants.get(name));
    List<String> order = new ArrayList<>(deps.keySet());
    if (deps.keySet().stream().noneMatch(known::containsKey)) {
      order.sort(byDependants);
      return List.copyOf(order);
    }
    Map<String, Duration> remaining =
        CriticalPath.remaining(deps, name -> known.getOrDefault(name, fallback));
    Comparator<String> byRemaining = Comparator.comparing(remaining::get);
    order.sort(byRemaining.reversed().thenComparing(byDependants));
    return List.copyOf(order);
  }
}
