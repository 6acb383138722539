package dev.codexpar.appserver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which host a task goes to: each host has its own slots ({@code max_parallel}); a task takes the
 * host with the most free slots (the first listed on a tie), so load spreads before any host fills.
 * A dead host is left out from then on; its tasks' slots die with it. Pure and thread-safe.
 */
public final class HostPicker {
  private final Map<String, Integer> capacity = new LinkedHashMap<>();
  private final Map<String, Integer> busy = new LinkedHashMap<>();

  /** Hosts in order of preference, each with its slots (at least 1). */
  public HostPicker(Map<String, Integer> slotsByHost) {
    slotsByHost.forEach(
        (host, slots) -> {
          if (slots < 1) {
            throw new IllegalArgumentException(
                "host " + host + ": max_parallel must be at least 1, not " + slots);
          }
          capacity.put(host, slots);
          busy.put(host, 0);
        });
  }

  /** Takes a slot on the host with the most free ones; empty when every live host is full. */
  public synchronized Optional<String> acquire() {
    String best = null;
    int bestFree = 0;
    for (Map.Entry<String, Integer> host : capacity.entrySet()) {
      int free = host.getValue() - busy.get(host.getKey());
      if (free > bestFree) {
        best = host.getKey();
        bestFree = free;
      }
    }
    if (best != null) {
      busy.merge(best, 1, Integer::sum);
    }
    return Optional.ofNullable(best);
  }

  /** Gives back a slot taken by {@link #acquire}; nothing for a host that died meanwhile. */
  public synchronized void release(String host) {
    busy.computeIfPresent(host, (h, n) -> Math.max(0, n - 1));
  }

  /** Leaves the host out from now on. */
  public synchronized void markDead(String host) {
    capacity.remove(host);
    busy.remove(host);
  }

  /** Free slots over the live hosts. */
  public synchronized int free() {
    int free = 0;
    for (Map.Entry<String, Integer> host : capacity.entrySet()) {
      free += host.getValue() - busy.get(host.getKey());
    }
    return free;
  }

  /** The hosts still alive, in order. */
  public synchronized List<String> live() {
    return new ArrayList<>(capacity.keySet());
  }
}
