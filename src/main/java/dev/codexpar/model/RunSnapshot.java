package dev.codexpar.model;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A run at one moment; immutable.
 *
 * @param version grows with every change, so a reader can wait for the next one
 * @param live owned by a process that is still alive (false for a folder read after the fact)
 * @param dynamic tasks may still be dispatched until sealed
 */
public record RunSnapshot(
    String runId,
    Path dir,
    RunStatus status,
    Instant startedAt,
    Instant endedAt,
    List<TaskSnapshot> tasks,
    boolean dynamic,
    boolean sealed,
    boolean live,
    long version) {

  public RunSnapshot {
    tasks = List.copyOf(tasks);
  }

  public Optional<TaskSnapshot> task(String name) {
    return tasks.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  public long count(TaskStatus status) {
    return tasks.stream().filter(t -> t.status() == status).count();
  }

  public int waveCount() {
    return tasks.stream().mapToInt(t -> t.wave() + 1).max().orElse(0);
  }
}
