package dev.codexpar.run;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.store.DurationHistory;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** A run's use of the duration history: read once at its start, added to at its end. */
final class RunHistory {
  private final Optional<DurationHistory> file;

  /** {@link DurationHistory#key} → estimate, as the file was when the run started. */
  private final Map<String, Duration> estimates;

  RunHistory(Optional<Path> file) {
    this.file = file.map(DurationHistory::new);
    this.estimates = this.file.map(DurationHistory::estimates).orElse(Map.of());
  }

  /** The order in which these tasks take free slots (see {@link StartOrder}). */
  List<String> startOrder(List<TaskSpec> tasks) {
    Map<String, List<String>> deps = new LinkedHashMap<>();
    tasks.forEach(t -> deps.put(t.name(), t.dependsOn()));
    PlanEstimate estimate = PlanEstimate.of(tasks, estimates);
    return StartOrder.of(deps, estimate.known(), estimate.fallback());
  }

  /**
   * Keeps how long the run's done tasks took, but for those an earlier run did (carried over).
   * Called once the run is over, off its lock; a file that cannot be written is logged.
   */
  void record(RunSnapshot last, Function<String, TaskSpec> specs, Collection<String> carried) {
    Map<String, Duration> done = new LinkedHashMap<>();
    for (TaskSnapshot t : last.tasks()) {
      if (t.status() == TaskStatus.DONE && !carried.contains(t.name()) && t.startedAt() != null) {
        String key = DurationHistory.key(t.name(), specs.apply(t.name()).prompt());
        done.put(key, t.duration(last.endedAt()));
      }
    }
    try {
      file.ifPresent(history -> history.record(done, last.endedAt()));
    } catch (UncheckedIOException e) {
      System.getLogger(RunHistory.class.getName())
          .log(System.Logger.Level.WARNING, "cannot write the duration history: " + e.getCause());
    }
  }
}
