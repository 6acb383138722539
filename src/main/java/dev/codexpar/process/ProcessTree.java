package dev.codexpar.process;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends a process and all its descendants, portably (Linux and macOS, Java 17 has no process
 * groups): SIGTERM to the root and every descendant seen, a grace period during which new
 * descendants are caught too, then SIGKILL to whatever is left. The npm {@code codex} wrapper is a
 * node process whose child is the native binary, so the whole tree matters.
 */
public final class ProcessTree {
  private static final Duration POLL = Duration.ofMillis(20);

  private final ScheduledExecutorService timer;

  public ProcessTree(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** Terminates the tree; the Uni completes when every process of it is gone. */
  public Uni<Void> kill(ProcessHandle root, Duration grace) {
    return Uni.createFrom().completionStage(() -> terminate(root, grace));
  }

  /**
   * As {@link #kill}, started at once: for callers without Mutiny's context propagation, which
   * reads the Quarkus configuration (the folder commands run without Quarkus).
   */
  public CompletableFuture<Void> terminate(ProcessHandle root, Duration grace) {
    Map<Long, ProcessHandle> seen = new LinkedHashMap<>();
    collect(root, seen);
    seen.values().forEach(ProcessHandle::destroy);
    CompletableFuture<Void> done = new CompletableFuture<>();
    long deadline = System.nanoTime() + grace.toNanos();
    poll(root, seen, deadline, done);
    return done;
  }

  private void poll(
      ProcessHandle root,
      Map<Long, ProcessHandle> seen,
      long deadline,
      CompletableFuture<Void> done) {
    // New grandchildren may appear while the tree shuts down: terminate them as they show up.
    Map<Long, ProcessHandle> now = new LinkedHashMap<>();
    collect(root, now);
    now.forEach(
        (pid, handle) -> {
          if (seen.putIfAbsent(pid, handle) == null) {
            handle.destroy();
          }
        });
    List<ProcessHandle> alive = new ArrayList<>();
    seen.values().stream().filter(Liveness::running).forEach(alive::add);
    if (alive.isEmpty()) {
      done.complete(null);
      return;
    }
    if (System.nanoTime() >= deadline) {
      alive.forEach(ProcessHandle::destroyForcibly);
      waitGone(alive, done);
      return;
    }
    timer.schedule(() -> poll(root, seen, deadline, done), POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** After SIGKILL: polls until each is gone (a zombie counts as gone), at most 5 s. */
  private void waitGone(List<ProcessHandle> handles, CompletableFuture<Void> done) {
    waitGone(handles, System.nanoTime() + TimeUnit.SECONDS.toNanos(5), done);
  }

  private void waitGone(List<ProcessHandle> handles, long deadline, CompletableFuture<Void> done) {
    if (handles.stream().noneMatch(Liveness::running) || System.nanoTime() >= deadline) {
      done.complete(null);
      return;
    }
    timer.schedule(() -> waitGone(handles, deadline, done), POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static void collect(ProcessHandle root, Map<Long, ProcessHandle> into) {
    if (root.isAlive()) {
      into.putIfAbsent(root.pid(), root);
    }
    root.descendants().forEach(d -> into.putIfAbsent(d.pid(), d));
  }
}
