package dev.codexpar.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How many tasks may run now, and when the next may start: AIMD on the run's concurrency. A rate
 * limit (429) halves the limit (multiplicative decrease, never below 1; a 429 of an attempt started
 * after that halves it again, those of attempts started before it do not) and, when the error named
 * a retry-after, holds every new start until it has passed. The limit then grows back by one
 * (additive increase) for each task done once a window has passed since the last 429, and by one
 * for each further window without one, up to the maximum. Starts are at least a gap apart. Not
 * thread-safe: the run calls it under its lock.
 */
final class Slots {
  private final Clock clock;
  private final int max;
  private final Duration window;
  private final Duration startGap;
  private int limit;
  private Instant lastDecreaseAt;
  private Instant nextGrowthAt;
  private Instant holdUntil;
  private Instant lastStartAt;

  Slots(Clock clock, int max, Duration window, Duration startGap) {
    this.clock = clock;
    this.max = max;
    this.window = window;
    this.startGap = startGap;
    this.limit = max;
  }

  Instant now() {
    return clock.instant();
  }

  /** How many tasks may run at {@code now}. */
  int available(Instant now) {
    grow(now);
    return limit;
  }

  /** When the limit grows next, while it is below the maximum. */
  Optional<Instant> nextGrowth() {
    return Optional.ofNullable(nextGrowthAt);
  }

  /**
   * A task failed with a rate limit at {@code now}. Only a failed attempt that started after the
   * last decrease halves the limit again: the 429s of attempts started together, before the limit
   * shrank, are one signal (they saw the old concurrency), not one halving each.
   *
   * @param attemptStartedAt when the failed attempt started (null: unknown, taken as new)
   * @param retryAfter the wait the error named, if any: no task starts before it has passed
   * @return when the limit grows next
   */
  Instant rateLimited(Instant now, Instant attemptStartedAt, Optional<Duration> retryAfter) {
    grow(now);
    boolean sawTheOldLimit =
        lastDecreaseAt != null
            && attemptStartedAt != null
            && attemptStartedAt.isBefore(lastDecreaseAt);
    if (!sawTheOldLimit) {
      limit = Math.max(1, limit / 2);
      lastDecreaseAt = now;
      nextGrowthAt = now.plus(window);
    }
    retryAfter
        .map(now::plus)
        .filter(at -> holdUntil == null || at.isAfter(holdUntil))
        .ifPresent(at -> holdUntil = at);
    return nextGrowthAt == null ? now.plus(window) : nextGrowthAt;
  }

  /** A task ended done at {@code now}: past the window, one slot more. */
  void succeeded(Instant now) {
    grow(now);
    if (limit < max && lastDecreaseAt != null && !now.isBefore(lastDecreaseAt.plus(window))) {
      limit++;
      nextGrowthAt = limit < max ? now.plus(window) : null;
    }
  }

  /** The earliest time the next task may start: the start gap and a retry-after kept. */
  Instant nextStart(Instant now) {
    Instant next = lastStartAt == null ? now : lastStartAt.plus(startGap);
    return holdUntil != null && holdUntil.isAfter(next) ? holdUntil : next;
  }

  void started(Instant now) {
    lastStartAt = now;
  }

  private void grow(Instant now) {
    while (nextGrowthAt != null && !now.isBefore(nextGrowthAt)) {
      limit++;
      nextGrowthAt = limit < max ? nextGrowthAt.plus(window) : null;
    }
  }
}
