package dev.codexpar.model;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * When a failed attempt is tried again.
 *
 * @param retries how many attempts after the first (0: none)
 * @param on the failure reasons worth a retry
 * @param delay the wait before the first retry; it doubles for each further one (with jitter)
 */
public record RetryPolicy(int retries, Set<RetryReason> on, Duration delay) {
  /** Transient trouble only: never a task that failed on its own merits or timed out. */
  public static final Set<RetryReason> TRANSIENT =
      Set.copyOf(
          EnumSet.of(
              RetryReason.RATE_LIMIT,
              RetryReason.SERVER_ERROR,
              RetryReason.STREAM,
              RetryReason.STARTUP));

  public static final Duration DEFAULT_DELAY = Duration.ofSeconds(2);
  public static final RetryPolicy NONE = new RetryPolicy(0, TRANSIENT, DEFAULT_DELAY);

  public RetryPolicy {
    on = Set.copyOf(on);
  }

  public boolean retries(RetryReason reason, int attemptsSoFar) {
    return attemptsSoFar <= retries && on.contains(reason);
  }
}
