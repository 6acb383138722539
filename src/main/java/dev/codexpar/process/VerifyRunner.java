package dev.codexpar.process;

import dev.codexpar.model.VerifyRound;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a task's {@code verify} command: the one child that goes through a shell ({@code /bin/sh -c
 * COMMAND}, since the user wrote a shell command line), in the task's working folder, stdin from
 * {@code /dev/null}, stdout and stderr into one bounded {@link OutputTail}. At the timeout, or on
 * {@link Running#cancel}, its whole tree is stopped ({@link ProcessTree}).
 *
 * <p>The round ends when the shell has exited and its output is read, or {@link #DRAIN_AFTER_EXIT}
 * after the exit: a background process the command left behind may hold the pipe open, and is not
 * waited for.
 */
public final class VerifyRunner {
  /** The output kept of one run (its end). */
  public static final int TAIL_BYTES = 8 * 1024;

  static final Duration KILL_GRACE = Duration.ofSeconds(3);
  static final Duration DRAIN_AFTER_EXIT = Duration.ofSeconds(1);

  private final ProcessTree tree;
  private final ScheduledExecutorService timer;
  private final Executor io;
  private final Clock clock;

  public VerifyRunner(ProcessTree tree, ScheduledExecutorService timer, Executor io, Clock clock) {
    this.tree = tree;
    this.timer = timer;
    this.io = io;
    this.clock = clock;
  }

  /** A started run of the command. */
  public final class Running {
    private final Process process;
    private final CompletableFuture<VerifyRound> result = new CompletableFuture<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile boolean timedOut;

    private Running(Process process) {
      this.process = process;
    }

    /**
     * Completes once the command is over (never exceptionally); after a timeout or cancel, once its
     * whole tree is gone.
     */
    public CompletableFuture<VerifyRound> result() {
      return result;
    }

    public long pid() {
      return process.pid();
    }

    /**
     * Stops the command's process tree (a cancelled task; also the timeout's way); completes when
     * the tree is gone. The result still completes.
     */
    public CompletableFuture<Void> cancel() {
      if (stopping.compareAndSet(false, true)) {
        tree.kill(process.toHandle(), KILL_GRACE)
            .subscribe()
            .with(done -> stopped.complete(null), stopped::completeExceptionally);
      }
      return stopped;
    }

    /** Nothing to wait for unless the tree is being stopped. */
    private CompletableFuture<Void> stopIfStarted() {
      return stopping.get()
          ? stopped.exceptionally(error -> null)
          : CompletableFuture.completedFuture(null);
    }
  }

  /**
   * Starts {@code /bin/sh -c command} in {@code cwd} with {@code env} added to codex-par's
   * environment (its own secrets withheld, as for every child).
   *
   * @param round the 1-based number the result carries
   * @throws IOException when the shell cannot be started
   */
  public Running start(
      String command, Path cwd, Map<String, String> env, Duration timeout, int round)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(List.of("/bin/sh", "-c", command))
            .directory(cwd.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true);
    builder.environment().keySet().removeAll(ChildProcess.WITHHELD_ENV);
    builder.environment().putAll(env);
    Instant startedAt = clock.instant();
    Process process = builder.start();
    Running running = new Running(process);
    OutputTail tail = new OutputTail(TAIL_BYTES);
    CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> drain(process, tail), io);
    ScheduledFuture<?> deadline =
        timer.schedule(
            () -> {
              running.timedOut = true;
              running.cancel();
            },
            timeout.toMillis(),
            TimeUnit.MILLISECONDS);
    process
        .onExit()
        .thenCompose(
            exited -> {
              deadline.cancel(false);
              return drained
                  .completeOnTimeout(null, DRAIN_AFTER_EXIT.toMillis(), TimeUnit.MILLISECONDS)
                  .thenCompose(read -> running.stopIfStarted());
            })
        .whenComplete(
            (ignored, error) ->
                running.result.complete(
                    new VerifyRound(
                        round,
                        startedAt,
                        clock.instant(),
                        process.exitValue(),
                        running.timedOut,
                        tail.text())));
    return running;
  }

  private static void drain(Process process, OutputTail tail) {
    byte[] buffer = new byte[8192];
    try (InputStream out = process.getInputStream()) {
      for (int n; (n = out.read(buffer)) >= 0; ) {
        tail.write(buffer, 0, n);
      }
    } catch (IOException e) {
      // the pipe broke: what was read is the output
    }
  }
}
