package dev.codexpar.plan;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.codexpar.codex.ArgvBuilder;
import dev.codexpar.codex.CodexCapabilities;
import dev.codexpar.codex.UnsupportedField;
import dev.codexpar.git.BranchNames;
import dev.codexpar.git.Git;
import dev.codexpar.git.GitException;
import dev.codexpar.git.GitFailure;
import dev.codexpar.git.Repository;
import dev.codexpar.model.AppServerHost;
import dev.codexpar.model.SafeText;
import dev.codexpar.model.TaskKind;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.Transport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads a tasks file into a validated {@link Plan}: YAML syntax, fields, types, names, the
 * dependency graph and what the installed codex accepts, all checked before anything starts and all
 * reported at once ({@link PlanException}).
 */
public final class PlanLoader {
  private static final Set<String> TOP_LEVEL_KEYS =
      Set.of("tasks", "defaults", "transport", "hosts");

  private final YAMLFactory yamlFactory =
      YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private final ObjectMapper yaml = new ObjectMapper(yamlFactory);
  private final Git git = new Git();

  /** Loads a tasks file; relative paths in it resolve against its folder. */
  public Plan load(Path file, CodexCapabilities caps) {
    return loadAsking(file, () -> caps);
  }

  /**
   * As {@link #load}, asking for codex's capabilities only once the file is read and parsed, so
   * that a caller can probe codex meanwhile.
   */
  public Plan loadAsking(Path file, Supplier<CodexCapabilities> caps) {
    Path absolute = file.toAbsolutePath().normalize();
    String text = TasksFile.read(absolute);
    return parseTasks(
            text, absolute.getParent(), file.getFileName().toString(), caps, Set.of(), false)
        .plan();
  }

  /**
   * Parses YAML text.
   *
   * @param baseDir where relative paths resolve
   * @param source the name used in error messages
   */
  public Plan parse(String text, Path baseDir, String source, CodexCapabilities caps) {
    return parseTasks(text, baseDir, source, () -> caps, Set.of(), false).plan();
  }

  /**
   * Parses tasks to add to a live dynamic run: names must be new, dependencies may name the run's
   * existing tasks or tasks of the same batch (forward references included).
   */
  public List<TaskSpec> parseDispatch(
      String text, Path baseDir, String source, CodexCapabilities caps, Set<String> existing) {
    return parseTasks(text, baseDir, source, () -> caps, existing, false).tasks();
  }

  /** An empty plan is allowed only for a dynamic run, which gets its tasks later. */
  public Plan parseDynamic(String text, Path baseDir, String source, CodexCapabilities caps) {
    if (text == null || text.isBlank()) {
      return Plan.of(List.of());
    }
    return parseTasks(text, baseDir, source, () -> caps, Set.of(), true).plan();
  }

  /** What a tasks text holds: its tasks, and its {@code transport:} and {@code hosts:}. */
  private record Parsed(
      List<TaskSpec> tasks, Optional<Transport> transport, List<AppServerHost> hosts) {
    Plan plan() {
      return Plan.of(tasks).withTransport(transport, hosts);
    }
  }

  private Parsed parseTasks(
      String text,
      Path baseDir,
      String source,
      Supplier<CodexCapabilities> askCaps,
      Set<String> existing,
      boolean allowEmpty) {
    TasksFile.checkText(text, source);
    JsonNode root;
    YamlLines lines;
    try {
      lines = YamlLines.of(yamlFactory, text, source);
      root = yaml.readTree(text);
    } catch (JacksonException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      String detail =
          e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
      throw new PlanException(
          List.of(
              new Problem(
                  source,
                  line,
                  null,
                  null,
                  "not valid YAML: " + SafeText.snippet(firstLine(detail), 200))));
    } catch (IOException e) {
      throw single(source, "cannot read: " + e.getMessage());
    }
    List<Problem> problems = new ArrayList<>();
    TaskReader reader = new TaskReader(source, lines, baseDir, problems);
    if (root == null || !root.isObject()) {
      throw single(source, "expected a mapping with a 'tasks:' list");
    }
    if (!root.isEmpty() && TOP_LEVEL_KEYS.stream().noneMatch(root::has)) {
      // Not a tasks file (a password file, say): none of its text is quoted back.
      throw single(source, "not a tasks file: it has no top-level 'tasks:' list");
    }
    root.fieldNames()
        .forEachRemaining(
            key -> {
              if (!TOP_LEVEL_KEYS.contains(key)) {
                problems.add(
                    new Problem(
                        source,
                        lines.lineOf("/" + key),
                        null,
                        SafeText.snippet(key, 40),
                        "unknown key" + Suggest.didYouMean(key, TOP_LEVEL_KEYS)));
              }
            });
    JsonNode transport = root.get("transport");
    if (transport != null
        && (!transport.isTextual() || Transport.fromWire(transport.asText()).isEmpty())) {
      problems.add(
          new Problem(
              source,
              lines.lineOf("/transport"),
              null,
              "transport",
              "expected one of " + String.join(", ", Transport.wireNames())));
    }
    List<AppServerHost> hosts =
        HostsReader.read(root.get("hosts"), source, lines::lineOf, problems);
    Optional<Transport> fileTransport =
        transport == null ? Optional.empty() : Transport.fromWire(transport.asText());
    TaskDefaults defaults = reader.readDefaults(root.get("defaults"));
    JsonNode tasksNode = root.get("tasks");
    if (allowEmpty && (tasksNode == null || tasksNode.isArray() && tasksNode.isEmpty())) {
      if (!problems.isEmpty()) {
        throw new PlanException(problems);
      }
      return new Parsed(List.of(), fileTransport, hosts);
    }
    if (tasksNode == null || !tasksNode.isArray() || tasksNode.isEmpty()) {
      problems.add(
          new Problem(source, lines.lineOf("/tasks"), null, "tasks", "expected a non-empty list"));
      throw new PlanException(problems);
    }
    List<TaskSpec> tasks = new ArrayList<>();
    List<Declared> declared = new ArrayList<>();
    Map<String, Integer> indexByName = new LinkedHashMap<>();
    for (int i = 0; i < tasksNode.size(); i++) {
      // Names are checked on the raw node: a task with another problem still claims its name,
      // so a duplicate of it is reported too and a dependency on it is not called unknown.
      JsonNode rawName = tasksNode.get(i).path("name");
      String clash = null;
      if (rawName.isTextual()) {
        Integer earlier = indexByName.putIfAbsent(rawName.asText(), i);
        if (existing.contains(rawName.asText())) {
          clash = "the run already has a task of that name";
        } else if (earlier != null) {
          clash = "duplicate name (first used by task #" + (earlier + 1) + ")";
        }
      }
      boolean nameTaken = clash != null;
      if (nameTaken) {
        problems.add(
            new Problem(
                source,
                lines.lineOf("/tasks/" + i + "/name"),
                TaskReader.label(rawName, i),
                "name",
                clash,
                Problem.Kind.NAME_TAKEN));
      }
      Optional<TaskSpec> spec = reader.readTask(tasksNode.get(i), i, defaults);
      // a task with problems still has its dependencies checked: every problem at once
      String label =
          spec.isPresent() && !nameTaken ? spec.get().name() : TaskReader.label(rawName, i);
      if (spec.isPresent() && !nameTaken) {
        tasks.add(spec.get());
      }
      declared.add(
          new Declared(i, label, rawDependencies(tasksNode.get(i)), rawForkFrom(tasksNode.get(i))));
    }
    checkGraph(declared, indexByName, existing, source, lines, problems);
    checkWorktrees(tasks, indexByName, source, lines, problems);
    checkForkSources(tasks, indexByName, source, lines, problems);
    CodexCapabilities caps = askCaps.get();
    if (caps != null) {
      for (TaskSpec task : tasks) {
        for (UnsupportedField gap : ArgvBuilder.unsupported(task, caps)) {
          int index = indexByName.get(task.name());
          problems.add(
              new Problem(
                  source,
                  lines.lineOf("/tasks/" + index + "/" + gap.field()),
                  task.name(),
                  gap.field(),
                  gap.message(caps.version())));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new PlanException(problems);
    }
    return new Parsed(tasks, fileTransport, hosts);
  }

  /**
   * A {@code worktree: true} task needs its {@code cwd} in a git work tree with a commit, and a
   * name git takes in a branch name; each folder is asked of git once.
   */
  private void checkWorktrees(
      List<TaskSpec> tasks,
      Map<String, Integer> indexByName,
      String source,
      YamlLines lines,
      List<Problem> problems) {
    Map<Path, Optional<GitException>> byFolder = new HashMap<>();
    for (TaskSpec task : tasks) {
      if (!task.worktree()) {
        continue;
      }
      Optional<GitException> problem =
          BranchNames.problem(task.name())
              .map(text -> new GitException(GitFailure.BAD_BRANCH_NAME, text))
              .or(
                  () ->
                      byFolder.computeIfAbsent(
                          task.cwd(),
                          cwd -> {
                            try {
                              Repository.open(git, cwd);
                              return Optional.empty();
                            } catch (GitException e) {
                              return Optional.of(e);
                            }
                          }));
      problem.ifPresent(
          e -> {
            // the task's own worktree key, else (set in defaults:) the task
            String pointer = "/tasks/" + indexByName.get(task.name()) + "/worktree";
            problems.add(
                new Problem(
                    source, lines.lineOf(pointer), task.name(), "worktree", e.getMessage()));
          });
    }
  }

  /**
   * A task's position, name (or {@code #N}), the dependencies it names and the task it forks (null
   * for none), which it depends on too.
   */
  private record Declared(int index, String task, List<String> dependsOn, String forkFrom) {
    /** With the forked task, unless it is itself (reported as such, not as a cycle). */
    List<String> allDependencies() {
      return task.equals(forkFrom) ? dependsOn : TaskReader.withForkSource(dependsOn, forkFrom);
    }
  }

  private static String rawForkFrom(JsonNode task) {
    JsonNode fork = task.path("fork_from");
    return fork.isTextual() ? fork.asText() : null;
  }

  /**
   * Only an exec task's session can be forked. (A task of a live run that a dispatch forks is known
   * here by name only; its kind is the engine's to check.)
   */
  private static void checkForkSources(
      List<TaskSpec> tasks,
      Map<String, Integer> indexByName,
      String source,
      YamlLines lines,
      List<Problem> problems) {
    Map<String, TaskSpec> byName = new LinkedHashMap<>();
    tasks.forEach(t -> byName.put(t.name(), t));
    for (TaskSpec task : tasks) {
      TaskSpec forked = task.forkFrom() == null ? null : byName.get(task.forkFrom());
      if (forked != null && forked.kind() != TaskKind.EXEC) {
        problems.add(
            new Problem(
                source,
                lines.lineOf("/tasks/" + indexByName.get(task.name()) + "/fork_from"),
                task.name(),
                "fork_from",
                "'" + forked.name() + "' is a review task: only an exec task's session forks"));
      }
    }
  }

  /**
   * The entries of a task's {@code depends_on} that name a task (as {@code TaskReader} reads them),
   * whatever else is wrong with it.
   */
  private static List<String> rawDependencies(JsonNode task) {
    List<String> deps = new ArrayList<>();
    for (JsonNode dep : task.path("depends_on")) {
      if (dep.isTextual() || dep.isNumber()) {
        deps.add(dep.asText());
      }
    }
    return deps;
  }

  private static void checkGraph(
      List<Declared> declared,
      Map<String, Integer> indexByName,
      Set<String> existing,
      String source,
      YamlLines lines,
      List<Problem> problems) {
    Map<String, List<String>> deps = new LinkedHashMap<>();
    for (Declared task : declared) {
      int index = task.index();
      Set<String> seen = new HashSet<>();
      for (String dep : task.dependsOn()) {
        String where = "/tasks/" + index + "/depends_on";
        if (!seen.add(dep)) {
          problems.add(
              new Problem(
                  source,
                  lines.lineOf(where),
                  task.task(),
                  "depends_on",
                  "'" + SafeText.snippet(dep, 100) + "' twice"));
        } else if (!indexByName.containsKey(dep) && !existing.contains(dep)) {
          problems.add(
              new Problem(
                  source,
                  lines.lineOf(where),
                  task.task(),
                  "depends_on",
                  unknownTask(dep, indexByName, existing),
                  Problem.Kind.UNKNOWN_DEPENDENCY));
        }
      }
      String fork = task.forkFrom();
      if (fork != null && !indexByName.containsKey(fork) && !existing.contains(fork)) {
        problems.add(
            new Problem(
                source,
                lines.lineOf("/tasks/" + index + "/fork_from"),
                task.task(),
                "fork_from",
                unknownTask(fork, indexByName, existing),
                Problem.Kind.UNKNOWN_DEPENDENCY));
      }
      if (indexByName.get(task.task()) != null && indexByName.get(task.task()) == index) {
        deps.put(task.task(), task.allDependencies());
      }
    }
    Dag.findCycle(deps)
        .ifPresent(
            cycle ->
                problems.add(
                    new Problem(
                        source,
                        lines.lineOf("/tasks/" + indexByName.get(cycle.get(0)) + "/depends_on"),
                        cycle.get(0),
                        "depends_on",
                        "dependency cycle: " + String.join(" -> ", cycle))));
  }

  private static String unknownTask(
      String name, Map<String, Integer> indexByName, Set<String> existing) {
    return "unknown task '"
        + SafeText.snippet(name, 100)
        + "'"
        + Suggest.didYouMean(
            name,
            existing.isEmpty()
                ? indexByName.keySet()
                : java.util.stream.Stream.concat(existing.stream(), indexByName.keySet().stream())
                    .toList());
  }

  private static PlanException single(String source, String message) {
    return new PlanException(List.of(new Problem(source, 0, null, null, message)));
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "syntax error";
    }
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }
}
