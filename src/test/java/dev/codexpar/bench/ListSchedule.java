package dev.codexpar.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The makespan of the engine's policy with zero overhead: whenever a slot is free, start the first
 * ready task in file order. The yardstick for the real scheduler.
 */
final class ListSchedule {
  private ListSchedule() {}

  static long makespanMillis(RandomDag dag, int slots) {
    record Running(String name, long endsAt) {}
    PriorityQueue<Running> running =
        new PriorityQueue<>((a, b) -> Long.compare(a.endsAt(), b.endsAt()));
    Set<String> done = new HashSet<>();
    Set<String> started = new HashSet<>();
    Map<String, RandomDag.Node> byName = new HashMap<>();
    dag.nodes().forEach(n -> byName.put(n.name(), n));
    long now = 0;
    while (done.size() < dag.nodes().size()) {
      for (RandomDag.Node n : dag.nodes()) {
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
