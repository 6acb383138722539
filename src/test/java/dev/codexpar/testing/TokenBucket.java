package dev.codexpar.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A request budget as model APIs keep one: {@code burst} requests at once, refilled at {@code
 * perSecond}. A request over the budget is refused and told how long until the next one would pass;
 * a refused request takes nothing from the budget. Thread-safe.
 */
public final class TokenBucket {
  private final Clock clock;
  private final double perSecond;
  private final int burst;
  private double tokens;
  private Instant refilledAt;

  public TokenBucket(Clock clock, double perSecond, int burst) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException(
          "a token bucket needs a positive rate and a burst of at least 1, got "
              + perSecond
              + "/s and "
              + burst);
    }
    this.clock = clock;
    this.perSecond = perSecond;
    this.burst = burst;
    this.tokens = burst;
    this.refilledAt = clock.instant();
  }

  /** Empty when the request may pass (it takes one token), else the wait until one would. */
  public synchronized Optional<Duration> take() {
    Instant now = clock.instant();
    double elapsed = Duration.between(refilledAt, now).toNanos() / 1e9;
    tokens = Math.min(burst, tokens + elapsed * perSecond);
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return Optional.empty();
    }
    long nanos = (long) Math.ceil((1 - tokens) / perSecond * 1e9);
    return Optional.of(Duration.ofNanos(Math.max(1, nanos)));
  }

  /**
   * The least time in which the bucket lets {@code requests} pass, starting full: all but the burst
   * wait for their token.
   */
  public Duration floorFor(int requests) {
    return Duration.ofNanos((long) (Math.max(0, requests - burst) / perSecond * 1e9));
  }
}
