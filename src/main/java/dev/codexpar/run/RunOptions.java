package dev.codexpar.run;

import dev.codexpar.model.AppServerHost;
import dev.codexpar.model.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a run executes.
 *
 * @param maxParallel at most this many codex children at once
 * @param keepGoing after a failure, skip only the failed task's dependants (else start nothing new)
 * @param dynamic tasks may be dispatched until the run is sealed
 * @param codexBin the codex binary (resolved)
 * @param env extra environment for every child (on top of codex-par's own)
 * @param killGrace how long a child tree gets between SIGTERM and SIGKILL
 * @param startGap the least time between two codex starts: codex processes sharing one CODEX_HOME
 *     that start at the same instant have been seen failing with "database is locked"
 * @param throttleFor how long the slots stay halved after a task failed with a rate limit (429), so
 *     that a big batch backs off instead of hammering the limit; then they are back to {@code
 *     maxParallel}; after it the limit grows back by one a window (see {@code Slots})
 * @param durationHistory the file of earlier runs' task durations, read to order ready tasks and
 *     written at the run's end (at the serve root, or beside a CLI run's folder); none when empty
 * @param transport how tasks reach codex: exec children, or threads of app-servers
 * @param hosts the app-servers reached over WebSocket (app-server transport); none: each task gets
 *     a local app-server of its own
 */
public record RunOptions(
    int maxParallel,
    boolean keepGoing,
    boolean dynamic,
    Path codexBin,
    Map<String, String> env,
    Duration killGrace,
    Duration startGap,
    Duration throttleFor,
    Optional<Path> durationHistory,
    Transport transport,
    List<AppServerHost> hosts) {
  public static final int DEFAULT_MAX_PARALLEL = 8;

  /** More codex processes than this at once is a typo, not a plan (each is a model session). */
  public static final int MAX_PARALLEL_LIMIT = 256;

  public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(3);
  public static final Duration DEFAULT_START_GAP = Duration.ofMillis(2);
  public static final Duration DEFAULT_THROTTLE_FOR = Duration.ofSeconds(30);

  public RunOptions(
      int maxParallel,
      boolean keepGoing,
      boolean dynamic,
      Path codexBin,
      Map<String, String> env,
      Duration killGrace) {
    this(
        maxParallel,
        keepGoing,
        dynamic,
        codexBin,
        env,
        killGrace,
        DEFAULT_START_GAP,
        DEFAULT_THROTTLE_FOR);
  }

  public RunOptions(
      int maxParallel,
      boolean keepGoing,
      boolean dynamic,
      Path codexBin,
      Map<String, String> env,
      Duration killGrace,
      Duration startGap,
      Duration throttleFor) {
    this(
        maxParallel,
        keepGoing,
        dynamic,
        codexBin,
        env,
        killGrace,
        startGap,
        throttleFor,
        Optional.empty(),
        Transport.EXEC,
        List.of());
  }

  /** These options with a duration history file. */
  public RunOptions withDurationHistory(Path file) {
    return new RunOptions(
        maxParallel,
        keepGoing,
        dynamic,
        codexBin,
        env,
        killGrace,
        startGap,
        throttleFor,
        Optional.of(file),
        transport,
        hosts);
  }

  /** These options with another start gap. */
  public RunOptions withStartGap(Duration gap) {
    return new RunOptions(
        maxParallel,
        keepGoing,
        dynamic,
        codexBin,
        env,
        killGrace,
        gap,
        throttleFor,
        durationHistory,
        transport,
        hosts);
  }

  /** These options with another transport and its hosts. */
  public RunOptions withTransport(Transport other, List<AppServerHost> otherHosts) {
    return new RunOptions(
        maxParallel,
        keepGoing,
        dynamic,
        codexBin,
        env,
        killGrace,
        startGap,
        throttleFor,
        durationHistory,
        other,
        otherHosts);
  }

  /** These options with another parallelism (e.g. the slots of the hosts that are up). */
  public RunOptions withMaxParallel(int parallel) {
    return new RunOptions(
        parallel,
        keepGoing,
        dynamic,
        codexBin,
        env,
        killGrace,
        startGap,
        throttleFor,
        durationHistory,
        transport,
        hosts);
  }

  public RunOptions {
    if (maxParallel < 1) {
      throw new IllegalArgumentException("max parallel must be at least 1, got " + maxParallel);
    }
    env = Map.copyOf(env);
    hosts = List.copyOf(hosts);
    if (!hosts.isEmpty() && transport != Transport.APP_SERVER) {
      throw new IllegalArgumentException("hosts are app-servers: they need transport app-server");
    }
    if (startGap.isNegative()) {
      throw new IllegalArgumentException("start gap must not be negative, got " + startGap);
    }
    if (throttleFor.isNegative()) {
      throw new IllegalArgumentException(
          "throttle window must not be negative, got " + throttleFor);
    }
  }
}
