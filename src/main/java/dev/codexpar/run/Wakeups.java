package dev.codexpar.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action (the run's pump) at wanted times, with one timer for the earliest one pending: a
 * later wish while an earlier timer is set is covered by that timer's pump, which asks again.
 */
final class Wakeups {
  private final ScheduledExecutorService timer;
  private final Clock clock;
  private final Runnable action;
  private Instant scheduledAt;

  Wakeups(ScheduledExecutorService timer, Clock clock, Runnable action) {
    this.timer = timer;
    this.clock = clock;
    this.action = action;
  }

  synchronized void at(Instant at) {
    if (scheduledAt != null && !scheduledAt.isAfter(at)) {
      return;
    }
    scheduledAt = at;
    long delay = Math.max(0, Duration.between(clock.instant(), at).toNanos());
    timer.schedule(() -> fire(at), delay, TimeUnit.NANOSECONDS);
  }

  private void fire(Instant at) {
    synchronized (this) {
      if (at.equals(scheduledAt)) {
        scheduledAt = null;
      }
    }
    action.run();
  }
}
