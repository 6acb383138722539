package dev.codexpar.run;

import dev.codexpar.codex.EventParser;
import dev.codexpar.codex.ProgressTracker;
import dev.codexpar.model.RetryReason;
import dev.codexpar.model.TaskFigures;
import dev.codexpar.process.CappedLog;
import dev.codexpar.process.ChildProcess;
import dev.codexpar.process.LinePump;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts one codex child and follows it: stdout lines go to the event log and through the parser
 * into the task's figures, stderr to its log (its last line kept for the error), both drained
 * concurrently. Each log is capped ({@link CappedLog}, the tail kept). A log that cannot be written
 * (a full disk) fails the task, but its pipes are still drained, so the child never blocks on them
 * and ends.
 */
final class TaskLauncher {
  /** Each log's cap unless {@value #LOG_CAP_ENV} says otherwise. */
  static final long DEFAULT_LOG_CAP = 256L * 1024 * 1024;

  /** Bytes, or with a K, M or G suffix (powers of 1024). */
  static final String LOG_CAP_ENV = "CODEX_PAR_LOG_MAX";

  /** Longer lines are logged whole but parsed cut (and then count as unknown events). */
  private static final int MAX_PARSED_LINE = 8 * 1024 * 1024;

  /** After the child exits, how long its pipes may stay open (held by an escaped grandchild). */
  private static final long DRAIN_AFTER_EXIT_MS = 2_000;

  private final ExecutorService pumps;
  private final long logCap;
  private final EventParser parser = new EventParser();

  /** With the log cap of {@value #LOG_CAP_ENV} (or the default). */
  TaskLauncher(ExecutorService pumps) {
    this(pumps, logCap(System.getenv(LOG_CAP_ENV)));
  }

  TaskLauncher(ExecutorService pumps, long logCap) {
    this.pumps = pumps;
    this.logCap = logCap;
  }

  /** The pool that drains children's pipes (a verify command's too). */
  java.util.concurrent.Executor io() {
    return pumps;
  }

  /** The cap a {@value #LOG_CAP_ENV} value asks for: the default when unset or not a size. */
  static long logCap(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_LOG_CAP;
    }
    Matcher size = Pattern.compile("(\\d{1,15})([KMG]?)").matcher(text.strip().toUpperCase());
    long bytes =
        size.matches()
            ? Long.parseLong(size.group(1))
                << switch (size.group(2)) {
                  case "K" -> 10;
                  case "M" -> 20;
                  case "G" -> 30;
                  default -> 0;
                }
            : -1;
    if (bytes < 1024) {
      // Loggers are looked up where a warning is given, not held: the first lookup starts
      // java.util.logging, which the start of a run need not wait on.
      System.getLogger(TaskLauncher.class.getName())
          .log(
              System.Logger.Level.WARNING,
              LOG_CAP_ENV + "=" + text + " is not a size of at least 1K; logs are capped at 256M");
      return DEFAULT_LOG_CAP;
    }
    return bytes;
  }

  /** What the engine learns about one child as it runs. */
  interface Listener {
    void progressed(TaskFigures figures);
  }

  /**
   * How a child ended.
   *
   * @param knownReason why it failed where the transport knows it (a lost app-server host); null:
   *     read from the error, as codex words it
   */
  record Exit(int code, TaskFigures figures, String lastStderrLine, RetryReason knownReason) {
    Exit(int code, TaskFigures figures, String lastStderrLine) {
      this(code, figures, lastStderrLine, null);
    }
  }

  /** A running child. */
  record Launched(ChildProcess child, CompletableFuture<Exit> exit) {}

  Launched launch(
      List<String> argv,
      Path cwd,
      Map<String, String> env,
      String stdin,
      Path eventLog,
      Path stderrLog,
      Listener listener)
      throws IOException {
    return launch(argv, cwd, env, stdin, eventLog, stderrLog, false, listener);
  }

  /** With {@code appendLogs}, the logs go on after what an earlier turn of the task wrote. */
  Launched launch(
      List<String> argv,
      Path cwd,
      Map<String, String> env,
      String stdin,
      Path eventLog,
      Path stderrLog,
      boolean appendLogs,
      Listener listener)
      throws IOException {
    // The child starts first and its logs open while it starts up: its output waits in the pipe
    // until the pumps read it. Opened first, the two files cost each task ~1.6 ms between the start
    // decision and the child's exec (on the critical path of a chain of tasks). Its input waits
    // for them: a child abandoned before its input cannot have done anything yet.
    ChildProcess child = ChildProcess.start(argv, cwd, env);
    CappedLog events = null;
    CappedLog errors = null;
    try {
      Files.createDirectories(eventLog.getParent());
      // Unbuffered: the pump writes each read (up to 64 KiB) in one call and flushes it anyway, so
      // a buffer would only cost memory (two per task, with a hundred tasks at once).
      events = new CappedLog(eventLog, logCap, appendLogs);
      errors = new CappedLog(stderrLog, logCap, appendLogs);
      return follow(child, stdin, new Logs(eventLog, events, stderrLog, errors), listener);
    } catch (IOException | RuntimeException e) {
      // Not followed (a log cannot be opened, or the I/O pool is shut down): nobody would ever
      // give it its input or read its output.
      child.abandon();
      closeQuietly(events);
      closeQuietly(errors);
      throw e;
    }
  }

  /** A child's two logs, and the first failure to write either. */
  private record Logs(
      Path eventPath,
      CappedLog events,
      Path stderrPath,
      CappedLog errors,
      AtomicReference<String> failure) {
    Logs(Path eventPath, CappedLog events, Path stderrPath, CappedLog errors) {
      this(eventPath, events, stderrPath, errors, new AtomicReference<>());
    }

    TaskFigures onto(TaskFigures figures) {
      return figures.withLogs(events.droppedBytes() + errors.droppedBytes(), failure.get());
    }

    void failed(Path log, IOException e) {
      String reason = String.valueOf(e.getMessage());
      failure.compareAndSet(
          null,
          reason.contains("No space left")
              ? "disk full: cannot write " + log
              : "cannot write " + log + ": " + reason);
    }
  }

  private Launched follow(ChildProcess child, String stdin, Logs logs, Listener listener) {
    ProgressTracker tracker = new ProgressTracker();
    AtomicReference<String> lastStderr = new AtomicReference<>();
    AtomicBoolean unpublished = new AtomicBoolean();
    CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    // The pump that reads the last output sees the exit first (the pipes end with the child) and
    // reports it on its own thread: Process.onExit hands each exit to a new thread on a machine of
    // fewer than 3 cores, ~0.5 ms more on every task's critical path (measured on 2). onExit still
    // reports a child whose pipes an escaped grandchild holds open.
    AtomicInteger pumping = new AtomicInteger(2);
    Runnable pumpEnded =
        () -> {
          if (pumping.decrementAndGet() == 0) {
            child.awaitExit().ifPresent(exitCode::complete);
          }
        };
    child.sendInput(stdin, pumps);
    CompletableFuture<Void> out =
        drain(
            child.stdout(),
            logs.events(),
            e -> logs.failed(logs.eventPath(), e),
            line -> {
              parser.parse(line.text()).ifPresent(tracker::accept);
              unpublished.set(true);
            },
            () -> {
              // once per read, not per line: a burst of events costs one snapshot
              if (unpublished.getAndSet(false)) {
                listener.progressed(logs.onto(tracker.snapshot()));
              }
            },
            pumpEnded);
    CompletableFuture<Void> err =
        drain(
            child.stderr(),
            logs.errors(),
            e -> logs.failed(logs.stderrPath(), e),
            line -> {
              if (!line.text().isBlank()) {
                lastStderr.set(line.text());
              }
            },
            () -> {},
            pumpEnded);
    child.exit().thenAccept(exitCode::complete);
    CompletableFuture<Exit> exit =
        exitCode.thenCompose(
            code ->
                CompletableFuture.allOf(out, err)
                    .completeOnTimeout(null, DRAIN_AFTER_EXIT_MS, TimeUnit.MILLISECONDS)
                    .thenApply(
                        ignored -> {
                          closeQuietly(child.stdout());
                          closeQuietly(child.stderr());
                          child.stopWatching();
                          return new Exit(code, logs.onto(tracker.snapshot()), lastStderr.get());
                        }));
    return new Launched(child, exit);
  }

  /** Pumps one pipe into its log on the I/O pool; {@code ended} runs on that thread at the end. */
  private CompletableFuture<Void> drain(
      InputStream in,
      OutputStream log,
      Consumer<IOException> logFailed,
      Consumer<LinePump.Line> lines,
      Runnable afterChunk,
      Runnable ended) {
    return CompletableFuture.runAsync(
        () -> {
          try (log) {
            LinePump.Pumped pumped = new LinePump(MAX_PARSED_LINE).pump(in, log, lines, afterChunk);
            if (pumped.logFailure() != null) {
              logFailed.accept(pumped.logFailure());
            }
          } catch (IOException e) {
            // The pipe was closed under us (child gone, or closed after the drain timeout).
          } finally {
            ended.run();
          }
        },
        pumps);
  }

  private static void closeQuietly(Closeable stream) {
    if (stream == null) {
      return;
    }
    try {
      stream.close();
    } catch (IOException e) {
      // Nothing left to read or write.
    }
  }
}
