package dev.codexpar.process;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Remembers every descendant seen of each watched child while it runs, so that stopping the child's
 * tree also reaches a process that left it: one started with {@code setsid} whose parent then
 * exited is re-parented to init and is no descendant any more. The process table is read once per
 * poll for all watched children (portable: {@link ProcessHandle#allProcesses()}); a process started
 * and escaped between two polls stays out of reach, as far as the platform tells.
 */
public final class DescendantWatch {
  static final Duration POLL = Duration.ofMillis(250);

  private static final DescendantWatch SHARED =
      new DescendantWatch(
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "descendant-watch");
                thread.setDaemon(true);
                return thread;
              }));

  private final ScheduledExecutorService timer;
  private final Map<Long, ProcessHandle> roots = new ConcurrentHashMap<>();
  private final Map<Long, Map<Long, ProcessHandle>> seenByRoot = new ConcurrentHashMap<>();
  private final AtomicBoolean polling = new AtomicBoolean();

  DescendantWatch(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** The watch every {@link ChildProcess} is registered with. */
  public static DescendantWatch shared() {
    return SHARED;
  }

  public void watch(ProcessHandle root) {
    seenByRoot.put(root.pid(), new ConcurrentHashMap<>());
    roots.put(root.pid(), root);
    if (polling.compareAndSet(false, true)) {
      timer.scheduleWithFixedDelay(
          this::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** The child is over and its tree handled: nothing of it is remembered any more. */
  public void forget(ProcessHandle root) {
    roots.remove(root.pid());
    seenByRoot.remove(root.pid());
  }

  /** Every process seen below the root so far that still runs (a reused pid never matches). */
  public List<ProcessHandle> seen(ProcessHandle root) {
    List<ProcessHandle> alive = new ArrayList<>();
    seenByRoot.getOrDefault(root.pid(), Map.of()).values().stream()
        .filter(ProcessHandle::isAlive) // a handle checks its start time: a reused pid is not it
        .forEach(alive::add);
    return alive;
  }

  void poll() {
    if (roots.isEmpty()) {
      return;
    }
    Map<Long, List<ProcessHandle>> children = new HashMap<>();
    ProcessHandle.allProcesses()
        .forEach(
            p ->
                p.parent()
                    .ifPresent(
                        parent ->
                            children
                                .computeIfAbsent(parent.pid(), pid -> new ArrayList<>())
                                .add(p)));
    roots.forEach(
        (pid, root) -> {
          Map<Long, ProcessHandle> seen = seenByRoot.get(pid);
          if (seen == null || !root.isAlive()) {
            return; // its memory stays until forget: a kill may still need it
          }
          Deque<Long> parents = new ArrayDeque<>(List.of(pid));
          while (!parents.isEmpty()) {
            for (ProcessHandle child : children.getOrDefault(parents.pop(), List.of())) {
              if (seen.putIfAbsent(child.pid(), child) == null) {
                parents.push(child.pid());
              }
            }
          }
        });
  }
}
