package dev.codexpar.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codexpar.appserver.AppServerClient;
import dev.codexpar.appserver.AppServerEndpoint;
import dev.codexpar.appserver.AppServerException;
import dev.codexpar.codex.CodexEvent;
import dev.codexpar.codex.EventParser;
import dev.codexpar.codex.ProgressTracker;
import dev.codexpar.model.RetryReason;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one task as a thread of a codex app-server, with the contract of {@link TaskLauncher}: the
 * same progress callbacks and the same {@link TaskLauncher.Exit}, figures read by the same {@link
 * EventParser} and {@link ProgressTracker} (the raw notifications of the task's thread are its
 * event log, {@code logs/NAME.jsonl}). On top: {@link Task#steer} while a turn runs, and {@link
 * Task#stop} (cancel, timeout) interrupts the turn.
 */
final class AppServerLauncher {
  /** Exit code of a turn stopped by {@link Task#stop}, as a child stopped by SIGINT. */
  static final int INTERRUPTED_EXIT = 130;

  private final EventParser parser = new EventParser();

  /**
   * Runs the task on a host it shares with other tasks (a lease of the run's {@code
   * AppServerPool}): a thread on {@code client} and its one turn with {@code prompt} (the composed
   * prompt, as exec gets it on stdin). A stop interrupts the turn; commands the turn started may
   * outlive it on the host (codex 0.171 does not end them on {@code turn/interrupt}).
   *
   * @throws IOException when the event log cannot be opened (nothing was started)
   */
  Task launch(
      AppServerClient client,
      AppServerClient.ThreadOptions thread,
      String prompt,
      Path eventLog,
      TaskLauncher.Listener listener)
      throws IOException {
    return start(client, false, thread, prompt, eventLog, listener);
  }

  /**
   * Runs the task on a local app-server of its own, started now (this waits for its {@code
   * initialize}, about a second: call it off the run's lock) and stopped with its whole process
   * tree when the task ends: as with exec, nothing of the task outlives it, whatever the turn
   * started. The exit completes once that tree is gone.
   *
   * @throws IOException when the app-server cannot be started or the event log cannot be opened
   */
  Task launchOwned(
      AppServerEndpoint.Stdio endpoint,
      AppServerClient.Io io,
      AppServerClient.ThreadOptions thread,
      String prompt,
      Path eventLog,
      TaskLauncher.Listener listener)
      throws IOException {
    AppServerClient client;
    try {
      client = AppServerClient.connect(endpoint, io);
    } catch (AppServerException e) {
      throw new IOException(e.getMessage(), e);
    }
    try {
      return start(client, true, thread, prompt, eventLog, listener);
    } catch (IOException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private Task start(
      AppServerClient client,
      boolean ownsHost,
      AppServerClient.ThreadOptions thread,
      String prompt,
      Path eventLog,
      TaskLauncher.Listener listener)
      throws IOException {
    Files.createDirectories(eventLog.toAbsolutePath().getParent());
    Task task = new Task(client, ownsHost, Files.newOutputStream(eventLog), listener);
    client
        .startThread(thread, task)
        .thenCompose(
            threadId -> {
              task.threadStarted(threadId);
              return client.startTurn(threadId, prompt);
            })
        .whenComplete(
            (turnId, error) -> {
              if (error != null) {
                task.lost(unwrap(client, error));
              } else {
                task.turnStarted(turnId);
              }
            });
    return task;
  }

  private static AppServerException unwrap(AppServerClient client, Throwable error) {
    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
    return cause instanceof AppServerException a
        ? a
        : new AppServerException(
            AppServerException.Kind.REJECTED, client.host(), String.valueOf(cause.getMessage()));
  }

  /** One task on an app-server. */

  /**
   * Why a task's talk with its app-server failed, as far as a retry goes: a connection that failed
   * is a broken stream (a retry starts afresh, where a host is up); a request the app-server
   * refused (a bad model, say) is left for its error's wording to tell, as codex's own errors.
   */
  static RetryReason retryReasonOf(AppServerException error) {
    return switch (error.kind()) {
      case UNREACHABLE, HOST_LOST, TIMEOUT -> RetryReason.STREAM;
      case REJECTED, NOT_RUNNING -> null;
    };
  }

  final class Task implements AppServerClient.ThreadListener {
    private final AppServerClient client;
    private final boolean ownsHost;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final OutputStream log;
    private final TaskLauncher.Listener listener;
    private final ProgressTracker tracker = new ProgressTracker();
    private final CompletableFuture<TaskLauncher.Exit> exit = new CompletableFuture<>();
    private volatile String threadId;
    private volatile String turnId;
    private volatile boolean stopping;

    private Task(
        AppServerClient client,
        boolean ownsHost,
        OutputStream log,
        TaskLauncher.Listener listener) {
      this.client = client;
      this.ownsHost = ownsHost;
      this.log = log;
      this.listener = listener;
    }

    /** The host the task runs on (for its meta file and the dashboard). */
    String host() {
      return client.host();
    }

    /** The task's own local app-server (see launchOwned), else null: its pid goes in the meta. */
    ProcessHandle process() {
      return ownsHost ? client.process() : null;
    }

    /** The thread's id once started (the session id of exec). */
    String threadId() {
      return threadId;
    }

    /** Completes once the turn is over (or the host lost); never fails. */
    CompletableFuture<TaskLauncher.Exit> exit() {
      return exit;
    }

    /**
     * Adds a message to the running turn; fails with {@code NOT_RUNNING} when the task has no turn
     * running (not started yet, or over).
     */
    CompletableFuture<Void> steer(String message) {
      String turn = turnId;
      if (turn == null || finished.get()) {
        return CompletableFuture.failedFuture(
            new AppServerException(
                AppServerException.Kind.NOT_RUNNING,
                client.host(),
                "the task has no running turn to steer"));
      }
      return client.steer(threadId, turn, message);
    }

    /**
     * Stops the task (cancel, timeout): interrupts its turn and completes once the task has ended,
     * for a task with its own app-server once that process tree is gone. A turn not over within
     * {@code grace} (or a host that will not take the interrupt) means the app-server no longer
     * obeys: its connection is closed, which for a local one stops its whole process tree (on a
     * shared host its other tasks then fail as on a lost host).
     */
    CompletableFuture<Void> stop(Duration grace) {
      stopping = true;
      String turn = turnId;
      if (turn != null && !finished.get()) {
        client.interrupt(threadId, turn).exceptionally(e -> null);
      }
      // A task whose turn has not started yet is interrupted as turn/start answers (turnStarted).
      CompletableFuture<Void> ended = exit.thenApply(e -> (Void) null);
      return ended
          .copy()
          .completeOnTimeout(null, grace.toMillis(), TimeUnit.MILLISECONDS)
          .thenCompose(
              ignored -> exit.isDone() ? ended : client.close().thenCompose(closed -> ended));
    }

    private void threadStarted(String id) {
      threadId = id;
    }

    private void turnStarted(String id) {
      turnId = id;
      if (stopping && !finished.get()) {
        client.interrupt(threadId, id).exceptionally(e -> null);
      }
    }

    @Override
    public void notified(String method, JsonNode params, String raw) {
      write(raw);
      parser.parse(raw).ifPresent(tracker::accept);
      if (method.equals("turn/started")) {
        turnId = params.path("turn").path("id").asText();
      }
      if (method.equals("turn/completed")) {
        ended(params.path("turn").path("status").asText());
      } else {
        listener.progressed(tracker.snapshot());
      }
    }

    @Override
    public void lost(AppServerException error) {
      if (finished.get()) {
        return; // told twice: by the pending turn/start and as a followed thread
      }
      // the engine's error names the host; a stop's own close is no failure
      if (!stopping) {
        tracker.accept(new CodexEvent.Error(error.getMessage(), true));
      }
      finish(stopping ? INTERRUPTED_EXIT : 1, error.getMessage(), retryReasonOf(error));
    }

    private void ended(String status) {
      switch (status) {
        case "completed" -> finish(0, null);
        case "interrupted" -> {
          if (!stopping) {
            tracker.accept(
                new CodexEvent.Error(client.host() + ": the turn was interrupted", true));
          }
          finish(stopping ? INTERRUPTED_EXIT : 1, null);
        }
        default -> finish(1, null); // failed: turn/completed gave the tracker its error
      }
    }

    private void finish(int code, String lastLine) {
      finish(code, lastLine, null);
    }

    private void finish(int code, String lastLine, RetryReason knownReason) {
      if (!finished.compareAndSet(false, true)) {
        return;
      }
      if (threadId != null) {
        client.unfollow(threadId);
      }
      synchronized (log) {
        try {
          log.close();
        } catch (IOException e) {
          // what was written is in the file
        }
      }
      TaskLauncher.Exit ended =
          new TaskLauncher.Exit(code, tracker.snapshot(), lastLine, knownReason);
      if (ownsHost) {
        client.close().whenComplete((closed, error) -> exit.complete(ended));
      } else {
        exit.complete(ended);
      }
    }

    private void write(String raw) {
      synchronized (log) {
        try {
          log.write((raw + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          // the log is closed (the task ended) or the disk refused: figures still count
        }
      }
    }
  }
}
