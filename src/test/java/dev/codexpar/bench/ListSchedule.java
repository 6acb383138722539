package dev.codexpar.bench;

import dev.codexpar.plan.CriticalPath;
import dev.codexpar.plan.Dag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The makespan of a list-scheduling policy with zero overhead: whenever a slot is free, start the
 * first ready task of a fixed priority order. With the engine's orders (uninformed: most transitive
 * dependants first; informed: longest remaining path by the true durations; then file order) it is
 * the yardstick for the real scheduler.
 */
final class ListSchedule {
  private ListSchedule() {}

  /** How ready tasks are ordered. */
  enum Order {
    FILE,
    /** What the engine does without history. */
    MOST_DEPENDANTS,
    /** What the engine does with every duration known. */
    LONGEST_REMAINING_PATH
  }

  static long makespanMillis(RandomDag dag, int slots, Order by) {
    List<RandomDag.Node> order = new ArrayList<>(dag.nodes());
    Map<String, List<String>> deps = new LinkedHashMap<>();
    dag.nodes().forEach(n -> deps.put(n.name(), n.deps()));
    if (by == Order.MOST_DEPENDANTS) {
      Map<String, Integer> dependants = Dag.dependantCounts(deps);
      order.sort(Comparator.comparingInt(n -> -dependants.get(n.name())));
    } else if (by == Order.LONGEST_REMAINING_PATH) {
      Map<String, Long> millis = new HashMap<>();
      dag.nodes().forEach(n -> millis.put(n.name(), n.millis()));
      Map<String, Duration> remaining =
          CriticalPath.remaining(deps, name -> Duration.ofMillis(millis.get(name)));
      order.sort(Comparator.comparing((RandomDag.Node n) -> remaining.get(n.name())).reversed());
    }
    record Running(String name, long endsAt) {}
    PriorityQueue<Running> running =
        new PriorityQueue<>((a, b) -> Long.compare(a.endsAt(), b.endsAt()));
    Set<String> done = new HashSet<>();
    Set<String> started = new HashSet<>();
    Map<String, RandomDag.Node> byName = new HashMap<>();
    dag.nodes().forEach(n -> byName.put(n.name(), n));
    long now = 0;
    while (done.size() < dag.nodes().size()) {
      for (RandomDag.Node n : order) {
        if (running.size() >= slots) {
          break;
        }
        if (!started.contains(n.name()) && done.containsAll(n.deps())) {
          started.add(n.name());
          running.add(new Running(n.name(), now + n.millis()));
        }
      }
      Running next = running.poll();
      now = next.endsAt();
      done.add(next.name());
      while (!running.isEmpty() && running.peek().endsAt() == now) {
        done.add(running.poll().name());
      }
    }
    return now;
  }
}
