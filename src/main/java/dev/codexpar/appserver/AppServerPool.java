package dev.codexpar.appserver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The app-servers of one run: opened together at its start (a host that cannot be reached is
 * reported and left out), lent to tasks by free slot ({@link HostPicker}), a host whose connection
 * ends left out from then on, and all closed at the run's end (local ones' process trees stopped).
 */
public final class AppServerPool {
  /** One host and its slots. */
  public record Host(AppServerEndpoint endpoint, int maxParallel) {}

  /** A host left out at the start, and why. */
  public record Unreachable(String host, String reason) {}

  /** A slot on a host, for one task; give it back with {@link #close}. */
  public final class Lease implements AutoCloseable {
    private final AppServerClient client;
    private boolean released;

    private Lease(AppServerClient client) {
      this.client = client;
    }

    public AppServerClient client() {
      return client;
    }

    @Override
    public synchronized void close() {
      if (!released) {
        released = true;
        picker.release(client.host());
      }
    }
  }

  private final Map<String, AppServerClient> clients;
  private final List<Unreachable> unreachable;
  private final HostPicker picker;

  private AppServerPool(
      Map<String, AppServerClient> clients, Map<String, Integer> slots, List<Unreachable> bad) {
    this.clients = clients;
    this.unreachable = List.copyOf(bad);
    this.picker = new HostPicker(slots);
    clients.values().forEach(c -> c.ended().thenRun(() -> picker.markDead(c.host())));
  }

  /** Connects to every host at once; never throws for a host that fails (see unreachable). */
  public static AppServerPool open(List<Host> hosts, AppServerClient.Io io) {
    List<CompletableFuture<AppServerClient>> connecting = new ArrayList<>();
    for (Host host : hosts) {
      connecting.add(
          CompletableFuture.supplyAsync(
              () -> AppServerClient.connect(host.endpoint(), io), io.readers()));
    }
    Map<String, AppServerClient> clients = new LinkedHashMap<>();
    Map<String, Integer> slots = new LinkedHashMap<>();
    List<Unreachable> bad = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i++) {
      try {
        AppServerClient client = connecting.get(i).join();
        clients.put(client.host(), client);
        slots.put(client.host(), hosts.get(i).maxParallel());
      } catch (CompletionException e) {
        String name = hosts.get(i).endpoint().name();
        bad.add(
            new Unreachable(
                name,
                e.getCause() instanceof AppServerException a
                    ? a.reason()
                    : String.valueOf(e.getCause())));
      }
    }
    return new AppServerPool(clients, slots, bad);
  }

  /**
   * Calls {@code listener} with a host's name once its connection ends (it is left out by then).
   */
  public void onHostLost(Consumer<String> listener) {
    clients
        .values()
        .forEach(
            c ->
                c.ended()
                    .thenRun(
                        () -> {
                          picker.markDead(c.host());
                          listener.accept(c.host());
                        }));
  }

  public List<Unreachable> unreachable() {
    return unreachable;
  }

  /** The hosts that are up, in order. */
  public List<String> live() {
    return picker.live();
  }

  /** Free slots over the live hosts (the run's parallelism on this transport). */
  public int free() {
    return picker.free();
  }

  /** A slot on the host with the most free ones, or empty when all are busy or dead. */
  public Optional<Lease> acquire() {
    return picker.acquire().map(host -> new Lease(clients.get(host)));
  }

  /** Closes every connection; completes when local app-servers' process trees are gone. */
  public CompletableFuture<Void> close() {
    return CompletableFuture.allOf(
        clients.values().stream().map(AppServerClient::close).toArray(CompletableFuture[]::new));
  }
}
