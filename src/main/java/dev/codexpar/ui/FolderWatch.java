package dev.codexpar.ui;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.store.RunFolder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.NoSuchElementException;

/**
 * A run as its folder's files show it, read again every {@code interval}: how {@code status -w}
 * watches a run that another process owns (or that already ended). Between reads it hands back the
 * last state, so the frame's clock still moves.
 */
public final class FolderWatch implements LiveDashboard.Source {
  private final RunFolder folder;
  private final Duration interval;
  private final Clock clock;
  private Instant readAt = Instant.EPOCH;
  private RunSnapshot last;

  public FolderWatch(RunFolder folder, Duration interval, Clock clock) {
    this.folder = folder;
    this.interval = interval;
    this.clock = clock;
  }

  /** The run now; fails when the folder no longer holds one (cleaned or moved away). */
  public RunSnapshot read() {
    last =
        folder.read().orElseThrow(() -> new NoSuchElementException("no run in " + folder.root()));
    readAt = clock.instant();
    return last;
  }

  @Override
  public RunSnapshot next(RunSnapshot seen, Duration atMost) throws InterruptedException {
    Duration untilRead = Duration.between(clock.instant(), readAt.plus(interval));
    Duration wait = untilRead.compareTo(atMost) < 0 ? untilRead : atMost;
    if (!wait.isNegative() && !wait.isZero()) {
      Thread.sleep(wait.toMillis()); // polling files another process writes
    }
    return clock.instant().isBefore(readAt.plus(interval)) && last != null ? last : read();
  }
}
