package dev.codexpar.ui;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jline.terminal.Size;

/**
 * Keeps a {@link Dashboard} frame current on a {@link TerminalScreen} until the run ends: redrawn
 * at most four times a second, and only when the frame changed (state, clock) or the terminal was
 * resized. The last frame stays, with the run's summary under it.
 */
public final class LiveDashboard {
  /** Least time between two redraws: a busy run still costs a few frames a second at most. */
  static final Duration FRAME_GAP = Duration.ofMillis(250);

  /** Where the next state comes from: the engine's own run, or a folder's files. */
  @FunctionalInterface
  public interface Source {
    /**
     * A state newer than {@code seen}, or the current one once {@code atMost} has passed.
     *
     * @throws InterruptedException when the watcher is told to stop
     */
    RunSnapshot next(RunSnapshot seen, Duration atMost) throws InterruptedException;
  }

  private final Dashboard dashboard;
  private final TerminalScreen screen;
  private final Clock clock;
  private List<String> shown = List.of();
  private Instant paintedAt = Instant.EPOCH;

  public LiveDashboard(Dashboard dashboard, TerminalScreen screen, Clock clock) {
    this.dashboard = dashboard;
    this.screen = screen;
    this.clock = clock;
  }

  /** Redraws from {@code first} on until the run is no longer running; returns the last state. */
  public RunSnapshot watch(RunSnapshot first, Source source) throws InterruptedException {
    RunSnapshot run = first;
    while (true) {
      show(run);
      if (run.status() != RunStatus.RUNNING) {
        return run;
      }
      run = source.next(run, FRAME_GAP);
      Duration sincePaint = Duration.between(paintedAt, clock.instant());
      if (sincePaint.compareTo(FRAME_GAP) < 0) {
        Thread.sleep(
            FRAME_GAP.minus(sincePaint).toMillis()); // frame-rate cap, not a wait for state
      }
    }
  }

  /** Draws the final state and leaves it, with the summary below. */
  public void finish(RunSnapshot last) {
    show(last);
    screen.printBelow(dashboard.summary(last, clock.instant()));
  }

  private void show(RunSnapshot run) {
    Size size = screen.size();
    // one row less than the screen: a frame as tall as the screen would scroll when redrawn
    List<String> frame =
        dashboard.frame(
            run, clock.instant(), screen.columns(), size.getRows() - 1, screen.colour());
    if (!frame.equals(shown) || screen.resized()) {
      screen.paint(frame);
      shown = frame;
      paintedAt = clock.instant();
    }
  }
}
