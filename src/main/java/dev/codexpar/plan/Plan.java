package dev.codexpar.plan;

import dev.codexpar.model.AppServerHost;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.Transport;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated set of tasks and their waves (Kahn levels, for display and files only: scheduling
 * follows each task's own dependencies).
 *
 * @param transport the file's {@code transport:}, empty when it names none (a door's option, else
 *     exec)
 * @param hosts the file's {@code hosts:} (app-servers over WebSocket), empty when none
 */
public record Plan(
    List<TaskSpec> tasks,
    Map<String, Integer> waves,
    Optional<Transport> transport,
    List<AppServerHost> hosts) {
  public Plan {
    tasks = List.copyOf(tasks);
    waves = Map.copyOf(waves);
    hosts = List.copyOf(hosts);
  }

  public Plan(List<TaskSpec> tasks, Map<String, Integer> waves) {
    this(tasks, waves, Optional.empty(), List.of());
  }

  /** The tasks with their waves computed from their dependencies (a graph already validated). */
  public static Plan of(List<TaskSpec> tasks) {
    return new Plan(tasks, Dag.waves(dependenciesOf(tasks)));
  }

  /**
   * The transport a door asked for, else the file's, else app-server when there are hosts ({@code
   * askedHosts}, else the file's), else exec.
   */
  public Transport transportOr(Optional<Transport> asked, List<AppServerHost> askedHosts) {
    return asked
        .or(() -> transport)
        .orElse(hostsOr(askedHosts).isEmpty() ? Transport.EXEC : Transport.APP_SERVER);
  }

  /** The hosts a door asked for (all of them), else the file's. */
  public List<AppServerHost> hostsOr(List<AppServerHost> askedHosts) {
    return askedHosts.isEmpty() ? hosts : askedHosts;
  }

  /** This plan with the transport and hosts its file names. */
  Plan withTransport(Optional<Transport> named, List<AppServerHost> namedHosts) {
    return new Plan(tasks, waves, named, namedHosts);
  }

  /** Task name → the names it depends on, in file order. */
  public Map<String, List<String>> dependencies() {
    return dependenciesOf(tasks);
  }

  private static Map<String, List<String>> dependenciesOf(List<TaskSpec> tasks) {
    Map<String, List<String>> deps = new LinkedHashMap<>();
    tasks.forEach(t -> deps.put(t.name(), t.dependsOn()));
    return deps;
  }

  /** The tasks, each after all of its dependencies (by wave, then file order). */
  public List<TaskSpec> tasksInDependencyOrder() {
    return tasks.stream().sorted(Comparator.comparingInt(t -> waves.get(t.name()))).toList();
  }

  public int waveCount() {
    return waves.values().stream().mapToInt(w -> w + 1).max().orElse(0);
  }
}
