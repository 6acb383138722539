package dev.codexpar.run;

import dev.codexpar.appserver.AppServerClient;
import dev.codexpar.appserver.AppServerEndpoint;
import dev.codexpar.appserver.AppServerPool;
import dev.codexpar.model.AppServerHost;
import dev.codexpar.model.TaskSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The app-server transport over the run's hosts ({@code hosts:}, {@code --host}): one WebSocket
 * connection a host for the whole run ({@link AppServerPool}), each turn a thread on the host with
 * the most free slots. A turn waits for a slot when every live host is full; when no host is left,
 * it fails at once naming the hosts lost, so the run never waits on a dead host.
 */
final class HostsStarter implements TaskStarter {
  private final AppServerLauncher launcher = new AppServerLauncher();
  private final AppServerPool pool;
  private final List<String> lost = new ArrayList<>();
  private final Deque<CompletableFuture<AppServerPool.Lease>> waiting = new ArrayDeque<>();

  private HostsStarter(AppServerPool pool) {
    this.pool = pool;
    pool.unreachable().forEach(u -> lost.add(u.host()));
    pool.onHostLost(this::hostLost);
  }

  /** Connects to every host at once (see {@link AppServerPool#open}). */
  static HostsStarter open(List<AppServerHost> hosts, AppServerClient.Io io) {
    List<AppServerPool.Host> endpoints = new ArrayList<>();
    for (AppServerHost host : hosts) {
      endpoints.add(
          new AppServerPool.Host(
              new AppServerEndpoint.WebSocket(URI.create(host.url()), host.tokenEnv()),
              host.maxParallel()));
    }
    return new HostsStarter(AppServerPool.open(endpoints, io));
  }

  /** The hosts left out at the start, each with why. */
  List<AppServerPool.Unreachable> unreachable() {
    return pool.unreachable();
  }

  /** Slots over the hosts that are up. */
  int slots() {
    return pool.free();
  }

  @Override
  public List<String> argv(TaskSpec spec, Attempts.Turn turn, Path output) {
    return List.of("app-server", "thread/start");
  }

  @Override
  public CompletableFuture<StartedTask> start(TaskSpec spec, List<String> argv, Launch what)
      throws IOException {
    String prompt = AppServerStarter.prompt(spec, what);
    return lease()
        .thenApply(
            lease -> {
              try {
                AppServerLauncher.Task task =
                    launcher.launch(
                        lease.client(),
                        AppServerStarter.threadOptions(spec, what.cwd()),
                        prompt,
                        what.eventLog(),
                        what.listener());
                // the slot is free again before the engine hears of the end
                CompletableFuture<TaskLauncher.Exit> exit =
                    task.exit().whenComplete((ended, error) -> released(lease));
                return new StartedTask(null, null, task.host(), exit, task::stop, task::steer);
              } catch (IOException | RuntimeException e) {
                released(lease);
                throw new IllegalStateException(e.getMessage(), e);
              }
            });
  }

  private synchronized CompletableFuture<AppServerPool.Lease> lease() {
    Optional<AppServerPool.Lease> free = pool.acquire();
    if (free.isPresent()) {
      return CompletableFuture.completedFuture(free.get());
    }
    if (pool.live().isEmpty()) {
      return CompletableFuture.failedFuture(new IllegalStateException(noHostLeft()));
    }
    CompletableFuture<AppServerPool.Lease> waiter = new CompletableFuture<>();
    waiting.add(waiter);
    return waiter;
  }

  private void released(AppServerPool.Lease lease) {
    lease.close();
    serveWaiting();
  }

  private void hostLost(String host) {
    synchronized (this) {
      lost.add(host);
    }
    serveWaiting();
  }

  /**
   * Hands freed slots to waiting turns, or fails them all when no host is left; the futures are
   * completed outside this lock, as their turns then start.
   */
  private void serveWaiting() {
    List<Runnable> completions = new ArrayList<>();
    synchronized (this) {
      while (!waiting.isEmpty()) {
        CompletableFuture<AppServerPool.Lease> waiter = waiting.peek();
        if (pool.live().isEmpty()) {
          IllegalStateException none = new IllegalStateException(noHostLeft());
          waiting.forEach(w -> completions.add(() -> w.completeExceptionally(none)));
          waiting.clear();
          break;
        }
        Optional<AppServerPool.Lease> free = pool.acquire();
        if (free.isEmpty()) {
          break;
        }
        waiting.poll();
        completions.add(() -> waiter.complete(free.get()));
      }
    }
    completions.forEach(Runnable::run);
  }

  private String noHostLeft() {
    return "no app-server host is left (lost or unreachable: " + String.join(", ", lost) + ")";
  }

  @Override
  public CompletableFuture<Void> close() {
    synchronized (this) {
      waiting.forEach(w -> w.completeExceptionally(new IllegalStateException("the run is over")));
      waiting.clear();
    }
    return pool.close();
  }
}
