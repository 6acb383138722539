package dev.codexpar.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The longest chain of a plan by estimated durations: the least time the plan can take with slots
 * enough, and, per task, the longest chain from it to the end (its scheduling priority).
 *
 * @param tasks the chain, first task first
 * @param length the sum of its tasks' estimates
 */
public record CriticalPath(List<String> tasks, Duration length) {
  public CriticalPath {
    tasks = List.copyOf(tasks);
  }

  /** The critical path of an acyclic graph (dependencies not among the keys are ignored). */
  public static CriticalPath of(
      Map<String, List<String>> deps, Function<String, Duration> estimate) {
    Map<String, Duration> remaining = remaining(deps, estimate);
    Map<String, List<String>> dependants = dependantsOf(deps);
    String head = null;
    for (String name : deps.keySet()) {
      if (head == null || remaining.get(name).compareTo(remaining.get(head)) > 0) {
        head = name;
      }
    }
    List<String> chain = new ArrayList<>();
    for (String at = head; at != null; ) {
      chain.add(at);
      String next = null;
      for (String d : dependants.getOrDefault(at, List.of())) {
        if (next == null || remaining.get(d).compareTo(remaining.get(next)) > 0) {
          next = d;
        }
      }
      at = next;
    }
    return new CriticalPath(chain, head == null ? Duration.ZERO : remaining.get(head));
  }

  /**
   * For each task, the longest chain by estimated durations from its start to the end of the last
   * task that (transitively) depends on it: its own estimate plus its longest dependant's.
   */
  public static Map<String, Duration> remaining(
      Map<String, List<String>> deps, Function<String, Duration> estimate) {
    Map<String, List<String>> dependants = dependantsOf(deps);
    List<String> byWave = new ArrayList<>(deps.keySet());
    Map<String, Integer> waves = Dag.waves(known(deps));
    byWave.sort((a, b) -> Integer.compare(waves.get(a), waves.get(b)));
    Collections.reverse(byWave); // the last wave first: each task after all its dependants
    Map<String, Duration> remaining = new HashMap<>();
    for (String name : byWave) {
      Duration longest = Duration.ZERO;
      for (String d : dependants.getOrDefault(name, List.of())) {
        longest = longest.compareTo(remaining.get(d)) >= 0 ? longest : remaining.get(d);
      }
      remaining.put(name, estimate.apply(name).plus(longest));
    }
    return remaining;
  }

  private static Map<String, List<String>> dependantsOf(Map<String, List<String>> deps) {
    Map<String, List<String>> dependants = new HashMap<>();
    known(deps)
        .forEach(
            (name, list) ->
                list.forEach(d -> dependants.computeIfAbsent(d, k -> new ArrayList<>()).add(name)));
    return dependants;
  }

  private static Map<String, List<String>> known(Map<String, List<String>> deps) {
    Map<String, List<String>> known = new java.util.LinkedHashMap<>();
    deps.forEach((name, list) -> known.put(name, list.stream().filter(deps::containsKey).toList()));
    return known;
  }
}
