package dev.codexpar.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How many tasks may run now, and when the next may start. A rate limit (429) halves the slots (at
 * least 1; another inside the window halves them again) for a window, so that a big batch stops
 * hammering the limit; then they are back to the maximum. Starts are at least a gap apart. Not
 * thread-safe: the run calls it under its lock.
 */
final class Slots {
  private final Clock clock;
  private final int max;
  private final Duration throttleFor;
  private final Duration startGap;
  private int throttled;
  private Instant throttledUntil;
  private Instant lastStartAt;

  Slots(Clock clock, int max, Duration throttleFor, Duration startGap) {
    this.clock = clock;
    this.max = max;
    this.throttleFor = throttleFor;
    this.startGap = startGap;
  }

  Instant now() {
    return clock.instant();
  }

  /** The slots at {@code now}: fewer while a throttle window lasts. */
  int available(Instant now) {
    if (throttledUntil != null && now.isBefore(throttledUntil)) {
      return throttled;
    }
    throttledUntil = null;
    return max;
  }

  /**
   * A task failed with a rate limit at {@code now}: halves the slots.
   *
   * @return the window's end, when the slots are back to the maximum
   */
  Instant rateLimited(Instant now) {
    throttled = Math.max(1, available(now) / 2);
    throttledUntil = now.plus(throttleFor);
    return throttledUntil;
  }

  /** The earliest time the next task may start (now when no start came before). */
  Instant nextStart(Instant now) {
    return lastStartAt == null ? now : lastStartAt.plus(startGap);
  }

  void started(Instant now) {
    lastStartAt = now;
  }
}
