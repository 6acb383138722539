package dev.codexpar.process;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
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
 * node process whose child is the native binary, so the whole tree matters. Descendants that left
 * the tree while it ran are included when the {@link DescendantWatch} saw them.
 */
public final class ProcessTree {
  private static final Duration POLL = Duration.ofMillis(20);

  private static final Duration TABLE_MAX_AGE = POLL.dividedBy(2);

  private final ScheduledExecutorService timer;
  private final DescendantWatch watch;
  private Map<Long, List<ProcessHandle>> table;
  private long tableReadAt;

  public ProcessTree(ScheduledExecutorService timer) {
    this(timer, DescendantWatch.shared());
  }

  ProcessTree(ScheduledExecutorService timer, DescendantWatch watch) {
    this.timer = timer;
    this.watch = watch;
  }

  /** Terminates the tree; the Uni completes when every process of it is gone. */
  public Uni<Void> kill(ProcessHandle root, Duration grace) {
    return Uni.createFrom().completionStage(() -> killAsync(root, grace));
  }

  private CompletableFuture<Void> killAsync(ProcessHandle root, Duration grace) {
    Map<Long, ProcessHandle> seen = new LinkedHashMap<>();
    collect(root, seen);
    // and what left the tree while it ran (setsid, then its parent exited), with its own children
    for (ProcessHandle escaped : watch.seen(root)) {
      collect(escaped, seen);
    }
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

  /** The root (if alive) and its descendants, found in the shared process table. */
  private void collect(ProcessHandle root, Map<Long, ProcessHandle> into) {
    if (root.isAlive()) {
      into.putIfAbsent(root.pid(), root);
    }
    Map<Long, List<ProcessHandle>> children = childrenByParent();
    Deque<Long> parents = new ArrayDeque<>(List.of(root.pid()));
    while (!parents.isEmpty()) {
      for (ProcessHandle child : children.getOrDefault(parents.pop(), List.of())) {
        if (into.putIfAbsent(child.pid(), child) == null) {
          parents.push(child.pid());
        }
      }
    }
  }

  /**
   * Every process by its parent, read again at most every {@link #TABLE_MAX_AGE}: a look at the
   * process table costs about as much as one tree's {@code descendants()}, and a cancel polls every
   * tree of a run (50 trees polled one by one saturated a core and delayed the SIGKILLs).
   */
  private synchronized Map<Long, List<ProcessHandle>> childrenByParent() {
    long now = System.nanoTime();
    if (table == null || now - tableReadAt > TABLE_MAX_AGE.toNanos()) {
      Map<Long, List<ProcessHandle>> read = new HashMap<>();
      ProcessHandle.allProcesses()
          .forEach(
              p ->
                  p.parent()
                      .ifPresent(
                          parent ->
                              read.computeIfAbsent(parent.pid(), pid -> new ArrayList<>()).add(p)));
      table = read;
      tableReadAt = now;
    }
    return table;
  }
}
