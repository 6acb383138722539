package dev.codexpar.run;

import dev.codexpar.model.TaskStatus;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pending tasks that can never run: a dependency ended without success, or is itself such a task
 * (then skipped). Passes repeat until nothing changes, since a dependant may be listed before its
 * dependency.
 */
final class Unreachable {
  private Unreachable() {}

  /**
   * @return each task to skip → why ("dependency 'x' failed"), in the order found
   */
  static Map<String, String> of(Map<String, TaskStatus> statuses, Map<String, List<String>> deps) {
    Map<String, TaskStatus> now = new HashMap<>(statuses);
    Map<String, String> skipped = new LinkedHashMap<>();
    boolean again = true;
    while (again) {
      again = false;
      for (Map.Entry<String, List<String>> task : deps.entrySet()) {
        if (now.get(task.getKey()) != TaskStatus.PENDING) {
          continue;
        }
        for (String dep : task.getValue()) {
          TaskStatus status = now.get(dep);
          if (status.isFinal() && status != TaskStatus.DONE) {
            skipped.put(task.getKey(), "dependency '" + dep + "' " + status.wireName());
            now.put(task.getKey(), TaskStatus.SKIPPED);
            again = true;
            break;
          }
        }
      }
    }
    return skipped;
  }
}
