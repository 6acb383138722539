package dev.codexpar.run;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The wait before a retry: exponential (delay, 2x, 4x ...) with ±25 % jitter so that the retries of
 * a batch spread out, at most {@link #MAX}.
 */
final class Backoff {
  static final Duration MAX = Duration.ofMinutes(5);

  /** Uniform in [0, 1): the jitter's source, injectable so that tests pin it. */
  private final DoubleSupplier random;

  Backoff(DoubleSupplier random) {
    this.random = random;
  }

  /**
   * @param first the wait before the first retry
   * @param attempt the attempt that just failed, from 1
   */
  Duration after(Duration first, int attempt) {
    return after(first, attempt, Optional.empty());
  }

  /** As above, but at least the wait the failure named (a rate limit's retry-after). */
  Duration after(Duration first, int attempt, Optional<Duration> named) {
    Duration backedOff = jittered(first, attempt);
    return named.filter(wait -> wait.compareTo(backedOff) > 0).orElse(backedOff);
  }

  private Duration jittered(Duration first, int attempt) {
    long base = first.toMillis() << Math.min(attempt - 1, 16);
    long capped = Math.min(base, MAX.toMillis());
    double jitter = 0.75 + random.getAsDouble() * 0.5;
    return Duration.ofMillis(Math.max(1, (long) (capped * jitter)));
  }
}
