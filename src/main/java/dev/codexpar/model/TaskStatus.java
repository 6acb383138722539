package dev.codexpar.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A task's life: pending → running → done | failed | cancelled; pending → skipped | cancelled. */
public enum TaskStatus {
  PENDING,
  RUNNING,
  DONE,
  FAILED,
  SKIPPED,
  CANCELLED,
  /** Found "running" in the files of a run whose owner process is gone. */
  INTERRUPTED;

  public boolean isFinal() {
    return this != PENDING && this != RUNNING;
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TaskStatus fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
