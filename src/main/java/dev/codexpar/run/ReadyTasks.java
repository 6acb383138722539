package dev.codexpar.run;

import dev.codexpar.model.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which pending tasks start now: in start order, while slots are free, once their dependencies are
 * done and a retry's backoff is over, and at least the start gap apart.
 */
final class ReadyTasks {
  private ReadyTasks() {}

  /**
   * @param start the tasks to start now, in order
   * @param wakeAt when to look again for a task held back by its backoff or the start gap
   */
  record Picked(List<TaskState> start, Optional<Instant> wakeAt) {}

  static Picked pick(
      List<TaskState> order,
      Predicate<TaskState> dependenciesDone,
      int room,
      Instant now,
      Slots slots) {
    List<TaskState> start = new ArrayList<>();
    Instant wakeAt = null;
    for (TaskState t : order) {
      if (start.size() >= room) {
        break;
      }
      if (t.status != TaskStatus.PENDING || !dependenciesDone.test(t)) {
        continue;
      }
      if (t.retryAt != null && now.isBefore(t.retryAt)) {
        // backing off (a timer may fire a hair early: it asks again)
        wakeAt = earliest(wakeAt, t.retryAt);
        continue;
      }
      Instant next = slots.nextStart(now);
      if (now.isBefore(next)) {
        wakeAt = earliest(wakeAt, next);
        break;
      }
      slots.started(now);
      start.add(t);
    }
    return new Picked(List.copyOf(start), Optional.ofNullable(wakeAt));
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null || b.isBefore(a) ? b : a;
  }
}
