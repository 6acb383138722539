package dev.codexpar.report;

import dev.codexpar.model.TaskSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The chain of tasks that held the run up, as it happened: the task that ended last, then, step by
 * step, the dependency of each that ended last (the one it waited for). Pure.
 */
public final class CriticalPath {
  private CriticalPath() {}

  /** The chain's names, first task first; empty when no task ended (or is running). */
  public static List<String> of(List<TaskSnapshot> tasks, Instant now) {
    Map<String, TaskSnapshot> byName =
        tasks.stream().collect(Collectors.toMap(TaskSnapshot::name, Function.identity()));
    Comparator<TaskSnapshot> byEnd = Comparator.comparing(t -> end(t, now));
    Optional<TaskSnapshot> step = tasks.stream().filter(t -> t.startedAt() != null).max(byEnd);
    List<String> chain = new ArrayList<>();
    while (step.isPresent()) {
      TaskSnapshot task = step.get();
      chain.add(task.name());
      step =
          task.dependsOn().stream()
              .map(byName::get)
              .filter(t -> t != null && t.startedAt() != null)
              .max(byEnd);
    }
    Collections.reverse(chain);
    return chain;
  }

  private static Instant end(TaskSnapshot t, Instant now) {
    return t.endedAt() != null ? t.endedAt() : now;
  }
}
