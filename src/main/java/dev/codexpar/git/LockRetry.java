package dev.codexpar.git;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Runs a git command again while it fails on one of git's own lock files ({@code index.lock}, a
 * ref's {@code .lock}, {@code packed-refs.lock}, the config's lock) held by another git, so a busy
 * repository never fails a task. Git tells a busy lock only in words ({@code Unable to create
 * '.../index.lock': File exists.}); {@link Git} runs it with {@code LC_ALL=C} so the words are
 * these.
 */
final class LockRetry {
  private static final Pattern BUSY_LOCK =
      Pattern.compile("\\.lock'?: File exists|could not lock config file");
  private static final Duration FIRST_PAUSE = Duration.ofMillis(10);
  private static final Duration LONGEST_PAUSE = Duration.ofMillis(500);

  /** Waits between two attempts; a seam so a test can act while the command waits. */
  interface Pause {
    void pause(Duration duration) throws InterruptedException;
  }

  private final Duration limit;
  private final Pause pause;

  LockRetry(Duration limit, Pause pause) {
    this.limit = limit;
    this.pause = pause;
  }

  static LockRetry standard() {
    return new LockRetry(Duration.ofMinutes(2), duration -> Thread.sleep(duration.toMillis()));
  }

  static boolean busy(Git.Result result) {
    return !result.ok() && BUSY_LOCK.matcher(result.err()).find();
  }

  /** The command's result once it did not fail on a busy lock, or the last one at the limit. */
  Git.Result run(Supplier<Git.Result> command) {
    long deadline = System.nanoTime() + limit.toNanos();
    Duration next = FIRST_PAUSE;
    while (true) {
      Git.Result result = command.get();
      if (!busy(result) || System.nanoTime() >= deadline) {
        return result;
      }
      try {
        // Jitter keeps two waiting gits from retrying in step.
        pause.pause(next.plusMillis((long) (Math.random() * next.toMillis())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return result;
      }
      next =
          next.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : next.multipliedBy(2);
    }
  }
}
