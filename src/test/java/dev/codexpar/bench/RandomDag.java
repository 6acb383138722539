package dev.codexpar.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A random DAG of timed tasks (fixed seed): each task depends on up to 3 of the 20 before it. */
record RandomDag(List<Node> nodes) {
  record Node(String name, List<String> deps, long millis) {}

  static RandomDag generate(int size, long seed, long minMillis, long maxMillis) {
    Random random = new Random(seed);
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      List<String> deps = new ArrayList<>();
      int wanted = i == 0 ? 0 : random.nextInt(4);
      for (int k = 0; k < wanted; k++) {
        int dep = Math.max(0, i - 1 - random.nextInt(Math.min(i, 20)));
        String name = "t" + dep;
        if (!deps.contains(name)) {
          deps.add(name);
        }
      }
      long millis = minMillis + (long) (random.nextDouble() * (maxMillis - minMillis));
      nodes.add(new Node("t" + i, deps, millis));
    }
    return new RandomDag(nodes);
  }

  /** The same DAG with every task {@code extra} ms longer (a child's own cost beyond its work). */
  RandomDag withExtraMillis(long extra) {
    return new RandomDag(
        nodes.stream().map(n -> new Node(n.name(), n.deps(), n.millis() + extra)).toList());
  }

  long totalWorkMillis() {
    return nodes.stream().mapToLong(Node::millis).sum();
  }
}
