package dev.codexpar.plan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Dependency-graph algorithms over task name → dependency names (all known, in file order). */
public final class Dag {
  private Dag() {}

  /**
   * Kahn levels: wave 0 has no dependencies, wave N depends on waves below N. Requires an acyclic
   * graph whose dependencies are all keys.
   */
  public static Map<String, Integer> waves(Map<String, List<String>> deps) {
    return waves(deps, Map.of());
  }

  /**
   * Kahn levels of new tasks (in any order: one may depend on one listed after it) on top of tasks
   * whose waves are known, e.g. a batch dispatched to a live run. Levels are computed without
   * recursion, so a deep chain cannot overflow the stack.
   *
   * @throws IllegalArgumentException naming a task in a dependency cycle, or a task and the
   *     dependency that is neither new nor known
   */
  public static Map<String, Integer> waves(
      Map<String, List<String>> deps, Map<String, Integer> known) {
    Map<String, Integer> wave = new LinkedHashMap<>();
    Map<String, Integer> waiting = new HashMap<>(); // new task -> its new dependencies not placed
    Map<String, List<String>> dependants = new HashMap<>();
    Deque<String> ready = new ArrayDeque<>();
    deps.forEach(
        (name, list) -> {
          int unplaced = 0;
          for (String dep : list) {
            if (deps.containsKey(dep)) {
              unplaced++;
              dependants.computeIfAbsent(dep, d -> new ArrayList<>()).add(name);
            } else if (!known.containsKey(dep)) {
              throw new IllegalArgumentException(
                  "task '" + name + "' depends on unknown task '" + dep + "'");
            }
          }
          waiting.put(name, unplaced);
          if (unplaced == 0) {
            ready.add(name);
          }
        });
    while (!ready.isEmpty()) {
      String name = ready.poll();
      int level = 0;
      for (String dep : deps.get(name)) {
        level = Math.max(level, (wave.containsKey(dep) ? wave.get(dep) : known.get(dep)) + 1);
      }
      wave.put(name, level);
      for (String dependant : dependants.getOrDefault(name, List.of())) {
        if (waiting.merge(dependant, -1, Integer::sum) == 0) {
          ready.add(dependant);
        }
      }
    }
    if (wave.size() < deps.size()) {
      Map<String, List<String>> unplaced = new LinkedHashMap<>(deps);
      unplaced.keySet().removeAll(wave.keySet());
      List<String> cycle = findCycle(unplaced).orElseThrow();
      throw new IllegalArgumentException(
          "task '" + cycle.get(0) + "' is in a dependency cycle: " + String.join(" -> ", cycle));
    }
    Map<String, Integer> inOrder = new LinkedHashMap<>();
    deps.keySet().forEach(name -> inOrder.put(name, wave.get(name)));
    return inOrder;
  }

  /**
   * For each task, how many tasks depend on it directly or not. Requires an acyclic graph; unknown
   * dependencies are ignored.
   */
  public static Map<String, Integer> dependantCounts(Map<String, List<String>> deps) {
    Map<String, Set<String>> above = new LinkedHashMap<>();
    // Each task's set of transitive dependants, built from the last wave down.
    Map<String, Integer> waves = wavesOfKnown(deps);
    List<String> byWaveDesc = new ArrayList<>(deps.keySet());
    byWaveDesc.sort((a, b) -> Integer.compare(waves.get(b), waves.get(a)));
    for (String name : byWaveDesc) {
      above.putIfAbsent(name, new HashSet<>());
      for (String dep : deps.get(name)) {
        if (deps.containsKey(dep)) {
          Set<String> set = above.computeIfAbsent(dep, d -> new HashSet<>());
          set.add(name);
          set.addAll(above.get(name));
        }
      }
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    deps.keySet().forEach(name -> counts.put(name, above.get(name).size()));
    return counts;
  }

  private static Map<String, Integer> wavesOfKnown(Map<String, List<String>> deps) {
    Map<String, List<String>> known = new LinkedHashMap<>();
    deps.forEach((name, list) -> known.put(name, list.stream().filter(deps::containsKey).toList()));
    return waves(known);
  }

  /** The roots and every task that depends on one of them, directly or not. */
  public static Set<String> downstream(Map<String, List<String>> deps, Set<String> roots) {
    Set<String> reached = new LinkedHashSet<>(roots);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Map.Entry<String, List<String>> e : deps.entrySet()) {
        if (!reached.contains(e.getKey()) && e.getValue().stream().anyMatch(reached::contains)) {
          reached.add(e.getKey());
          grew = true;
        }
      }
    }
    return reached;
  }

  /**
   * A dependency cycle, as the path {@code a, b, c, a}, if there is one. Unknown dependencies are
   * ignored (reported elsewhere).
   */
  public static Optional<List<String>> findCycle(Map<String, List<String>> deps) {
    Map<String, Integer> state = new HashMap<>(); // 1 = on the current path, 2 = finished
    for (String start : deps.keySet()) {
      if (state.containsKey(start)) {
        continue;
      }
      Deque<String> path = new ArrayDeque<>();
      Optional<List<String>> cycle = visit(start, deps, state, path);
      if (cycle.isPresent()) {
        return cycle;
      }
    }
    return Optional.empty();
  }

  private static Optional<List<String>> visit(
      String node, Map<String, List<String>> deps, Map<String, Integer> state, Deque<String> path) {
    state.put(node, 1);
    path.addLast(node);
    for (String dep : deps.getOrDefault(node, List.of())) {
      if (!deps.containsKey(dep)) {
        continue;
      }
      Integer seen = state.get(dep);
      if (seen == null) {
        Optional<List<String>> cycle = visit(dep, deps, state, path);
        if (cycle.isPresent()) {
          return cycle;
        }
      } else if (seen == 1) {
        List<String> onPath = new ArrayList<>(path);
        List<String> cycle = new ArrayList<>(onPath.subList(onPath.indexOf(dep), onPath.size()));
        cycle.add(dep);
        return Optional.of(cycle);
      }
    }
    path.removeLast();
    state.put(node, 2);
    return Optional.empty();
  }
}
