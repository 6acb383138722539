package dev.codexpar.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How a run executes.
 *
 * @param maxParallel at most this many codex children at once
 * @param keepGoing after a failure, skip only the failed task's dependants (else start nothing new)
 * @param dynamic tasks may be dispatched until the run is sealed
 * @param codexBin the codex binary (resolved)
 * @param env extra environment for every child (on top of codex-par's own)
 * @param killGrace how long a child tree gets between SIGTERM and SIGKILL
 */
public record RunOptions(
    int maxParallel,
    boolean keepGoing,
    boolean dynamic,
    Path codexBin,
    Map<String, String> env,
    Duration killGrace) {
  public static final int DEFAULT_MAX_PARALLEL = 8;
  public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(3);

  public RunOptions {
    if (maxParallel < 1) {
      throw new IllegalArgumentException("max parallel must be at least 1, got " + maxParallel);
    }
    env = Map.copyOf(env);
  }
}
