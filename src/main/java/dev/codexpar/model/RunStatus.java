package dev.codexpar.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/** A run's state, derived from its tasks' states. */
public enum RunStatus {
  RUNNING,
  DONE,
  FAILED,
  CANCELLED,
  INTERRUPTED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunStatus fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /**
   * The run's status from its tasks: running while any task may still run (or a dynamic run is
   * open), else done when all are done, else the worst outcome.
   */
  public static RunStatus derive(List<TaskSnapshot> tasks, boolean open) {
    if (open || tasks.stream().anyMatch(t -> !t.status().isFinal())) {
      return RUNNING;
    }
    if (tasks.stream().anyMatch(t -> t.status() == TaskStatus.INTERRUPTED)) {
      return INTERRUPTED;
    }
    if (tasks.stream().anyMatch(t -> t.status() == TaskStatus.FAILED)) {
      return FAILED;
    }
    if (tasks.stream().anyMatch(t -> t.status() == TaskStatus.CANCELLED)) {
      return CANCELLED;
    }
    if (tasks.stream().anyMatch(t -> t.status() == TaskStatus.SKIPPED)) {
      return FAILED;
    }
    return DONE;
  }
}
