package dev.codexpar.store;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.RunStatus;
import dev.codexpar.model.TaskSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content of {@code run.meta.json}: the run, its task names by wave and totals (derived from
 * the tasks when written).
 */
public record RunMeta(
    String runId,
    RunStatus status,
    Instant startedAt,
    Instant endedAt,
    Long ownerPid,
    Instant ownerStartedAt,
    boolean dynamic,
    boolean sealed,
    List<String> tasks,
    Map<Integer, List<String>> waves,
    Map<String, Long> counts,
    long inputTokens,
    long outputTokens) {

  static RunMeta of(RunSnapshot run, ProcessHandle owner) {
    Map<Integer, List<String>> waves = new TreeMap<>();
    run.tasks()
        .forEach(
            t -> waves.computeIfAbsent(t.wave(), w -> new java.util.ArrayList<>()).add(t.name()));
    Map<String, Long> counts = new TreeMap<>();
    run.tasks().forEach(t -> counts.merge(t.status().wireName(), 1L, Long::sum));
    return new RunMeta(
        run.runId(),
        run.status(),
        run.startedAt(),
        run.endedAt(),
        owner.pid(),
        owner.info().startInstant().orElse(null),
        run.dynamic(),
        run.sealed(),
        run.tasks().stream().map(TaskSnapshot::name).toList(),
        waves,
        counts,
        run.tasks().stream().mapToLong(t -> t.figures().inputTokens()).sum(),
        run.tasks().stream().mapToLong(t -> t.figures().outputTokens()).sum());
  }
}
