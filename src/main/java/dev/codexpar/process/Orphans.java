package dev.codexpar.process;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Finds a child that outlived the codex-par process that started it. A pid alone is not proof: the
 * OS reuses pids, so the process must also have started when the meta file says it did.
 */
public final class Orphans {
  /** Start times read back by another JVM may differ by the OS clock-tick rounding. */
  private static final Duration START_TOLERANCE = Duration.ofSeconds(1);

  private Orphans() {}

  /** The live process with this pid that started at {@code startedAt}, if there is one. */
  public static Optional<ProcessHandle> find(Long pid, Instant startedAt) {
    if (pid == null || startedAt == null) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(
            handle ->
                handle
                    .info()
                    .startInstant()
                    .map(actual -> Duration.between(startedAt, actual).abs())
                    .filter(gap -> gap.compareTo(START_TOLERANCE) <= 0)
                    .isPresent());
  }
}
