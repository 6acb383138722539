package dev.codexpar.run;

import java.util.function.BooleanSupplier;

/**
 * The count of a run's changes, which a reader can wait on instead of busy-polling. It has a lock
 * of its own: a reader waits without holding the run's, and the run moves it on under its own.
 */
final class RunVersion {
  private long version;

  synchronized long now() {
    return version;
  }

  /** One change more; wakes every reader waiting. */
  synchronized long next() {
    version++;
    notifyAll();
    return version;
  }

  /** Waits until the version is past {@code seen}, {@code over} holds, or the time is up. */
  synchronized void awaitPast(long seen, long timeoutMs, BooleanSupplier over)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (version <= seen && !over.getAsBoolean()) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return;
      }
      wait(left);
    }
  }
}
