package dev.codexpar.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codexpar.model.RetryPolicy;
import dev.codexpar.model.RetryReason;
import dev.codexpar.model.ReviewScope;
import dev.codexpar.model.SafeText;
import dev.codexpar.model.Sandbox;
import dev.codexpar.model.TaskKind;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.VerifySpec;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Turns one task mapping (or the defaults block) into records, collecting every problem. */
final class TaskReader {
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  static final Set<String> TASK_KEYS =
      Set.of(
          "name",
          "prompt",
          "cwd",
          "kind",
          "sandbox",
          "model",
          "full_auto",
          "config_overrides",
          "profile",
          "images",
          "enable_features",
          "disable_features",
          "agent_id",
          "thread_id",
          "depends_on",
          "uncommitted",
          "base",
          "commit",
          "review_title",
          "timeout",
          "output_schema",
          "worktree",
          "skip_git_repo_check",
          "retries",
          "retry_on",
          "retry_delay",
          "fork_from",
          "verify",
          "verify_rounds",
          "verify_timeout");
  static final Set<String> DEFAULT_KEYS =
      Set.of(
          "cwd",
          "sandbox",
          "model",
          "profile",
          "timeout",
          "config_overrides",
          "skip_git_repo_check",
          "worktree",
          "retries",
          "retry_on",
          "retry_delay");

  /** Longer timeouts are surely typos; the engine schedules them in milliseconds. */
  private static final Duration MAX_DURATION = Duration.ofDays(365);

  private static final List<String> REVIEW_ONLY =
      List.of("uncommitted", "base", "commit", "review_title");

  private final String source;
  private final YamlLines lines;
  private final Path baseDir;
  private final List<Problem> problems;

  TaskReader(String source, YamlLines lines, Path baseDir, List<Problem> problems) {
    this.source = source;
    this.lines = lines;
    this.baseDir = baseDir;
    this.problems = problems;
  }

  TaskDefaults readDefaults(JsonNode node) {
    if (node == null || node.isNull()) {
      return TaskDefaults.NONE;
    }
    Fields f = new Fields(node, "/defaults", null);
    if (!node.isObject()) {
      f.problem(null, "expected a mapping");
      return TaskDefaults.NONE;
    }
    f.rejectUnknownKeys(DEFAULT_KEYS);
    return new TaskDefaults(
        f.directory("cwd"),
        f.sandbox(),
        f.string("model"),
        f.string("profile"),
        f.duration("timeout"),
        f.strings("config_overrides"),
        f.bool("skip_git_repo_check"),
        f.bool("worktree"),
        f.retry(RetryPolicy.NONE));
  }

  static boolean isValidName(String name) {
    return NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
  }

  /** How problems name a task: its name when valid, else its position ({@code #3}). */
  static String label(JsonNode rawName, int index) {
    return rawName.isTextual() && isValidName(rawName.asText())
        ? rawName.asText()
        : "#" + (index + 1);
  }

  Optional<TaskSpec> readTask(JsonNode node, int index, TaskDefaults defaults) {
    String pointer = "/tasks/" + index;
    String label = "#" + (index + 1);
    if (!node.isObject()) {
      problems.add(new Problem(source, lines.lineOf(pointer), label, null, "expected a mapping"));
      return Optional.empty();
    }
    Fields f = new Fields(node, pointer, label);
    String name = f.string("name");
    if (name == null) {
      f.problem("name", "missing required field");
    } else if (!isValidName(name)) {
      f.problem(
          "name",
          "'"
              + SafeText.snippet(name, 100)
              + "' must be 1-100 of A-Z a-z 0-9 . _ - and not '.' or '..'");
    } else {
      f.label = name;
    }
    int before = problems.size();
    f.rejectUnknownKeys(TASK_KEYS);
    TaskKind kind = f.kind();
    String prompt = f.string("prompt");
    Path cwd = f.directory("cwd");
    if (cwd == null && !node.has("cwd")) {
      cwd = defaults.cwd();
      if (cwd == null) {
        f.problem("cwd", "missing required field (set it on the task or in defaults:)");
      }
    }
    Sandbox sandbox = Optional.ofNullable(f.sandbox()).orElse(defaults.sandbox());
    Boolean fullAutoField = f.bool("full_auto");
    boolean readOnly = sandbox == Sandbox.READ_ONLY;
    if (Boolean.TRUE.equals(fullAutoField) && readOnly) {
      f.problem("full_auto", "full_auto: true conflicts with sandbox read-only");
    }
    boolean fullAuto = fullAutoField != null ? fullAutoField : !readOnly;
    List<String> overrides = new ArrayList<>(defaults.configOverrides());
    overrides.addAll(f.strings("config_overrides"));
    ReviewScope review =
        new ReviewScope(
            Boolean.TRUE.equals(f.bool("uncommitted")),
            f.string("base"),
            f.string("commit"),
            f.string("review_title"));
    checkKind(f, kind, prompt, review);
    String forkFrom = f.forkFrom(kind, name);
    VerifySpec verify = f.verify(kind);
    Boolean skipGit = f.bool("skip_git_repo_check");
    Boolean worktree = f.bool("worktree");
    TaskSpec spec =
        new TaskSpec(
            name,
            kind,
            prompt,
            cwd,
            sandbox,
            Optional.ofNullable(f.string("model")).orElse(defaults.model()),
            fullAuto,
            overrides,
            Optional.ofNullable(f.string("profile")).orElse(defaults.profile()),
            f.files("images"),
            f.strings("enable_features"),
            f.strings("disable_features"),
            Optional.ofNullable(f.string("agent_id")).orElse(name),
            Optional.ofNullable(f.string("thread_id")).orElse(name),
            withForkSource(f.strings("depends_on"), forkFrom),
            review,
            Optional.ofNullable(f.duration("timeout")).orElse(defaults.timeout()),
            f.file("output_schema"),
            worktree != null ? worktree : Boolean.TRUE.equals(defaults.worktree()),
            skipGit != null ? skipGit : Boolean.TRUE.equals(defaults.skipGitRepoCheck()),
            f.retry(defaults.retry()),
            forkFrom,
            verify);
    return name != null && f.label.equals(name) && problems.size() == before
        ? Optional.of(spec)
        : Optional.empty();
  }

  /** {@code fork_from: X} implies {@code depends_on: [X]}: the fork needs X's finished session. */
  static List<String> withForkSource(List<String> dependsOn, String forkFrom) {
    if (forkFrom == null || dependsOn.contains(forkFrom)) {
      return dependsOn;
    }
    List<String> all = new ArrayList<>(dependsOn);
    all.add(forkFrom);
    return all;
  }

  private void checkKind(Fields f, TaskKind kind, String prompt, ReviewScope review) {
    if (kind == TaskKind.EXEC) {
      for (String field : REVIEW_ONLY) {
        if (f.node.has(field)) {
          f.problem(field, "only for kind: review");
        }
      }
      if (prompt == null || prompt.isBlank()) {
        f.problem("prompt", "missing required field");
      }
      return;
    }
    long scopes =
        Stream.of(review.uncommitted(), review.base() != null, review.commit() != null)
            .filter(b -> b)
            .count();
    if (scopes > 1) {
      f.problem(
          "uncommitted", "use only one of uncommitted, base, commit (codex rejects them together)");
    }
    if (review.title() != null && review.commit() == null) {
      f.problem("review_title", "goes only with commit");
    }
    boolean hasPrompt = prompt != null && !prompt.isBlank();
    if (scopes > 0 && hasPrompt) {
      f.problem(
          "prompt",
          "a review takes custom instructions (prompt) or a scope flag"
              + " (uncommitted, base, commit), not both");
    }
    if (scopes == 0 && !hasPrompt) {
      f.problem("prompt", "a review needs a prompt or one of uncommitted, base, commit");
    }
  }

  /** Typed access to one mapping's fields; each wrong value becomes a problem. */
  private final class Fields {
    final JsonNode node;
    final String pointer;
    String label;

    Fields(JsonNode node, String pointer, String label) {
      this.node = node;
      this.pointer = pointer;
      this.label = label;
    }

    void problem(String field, String message) {
      String at = field == null ? pointer : pointer + "/" + field;
      String shown = label == null ? null : label;
      // an unknown key is the caller's text: quoted short and inert
      String fieldShown = field == null ? null : SafeText.snippet(field, 40);
      if (shown == null && field != null) {
        // A defaults-level problem: name the block in the field.
        problems.add(
            new Problem(source, lines.lineOf(at), null, "defaults." + fieldShown, message));
        return;
      }
      problems.add(new Problem(source, lines.lineOf(at), shown, fieldShown, message));
    }

    void rejectUnknownKeys(Set<String> known) {
      node.fieldNames()
          .forEachRemaining(
              key -> {
                if (!known.contains(key)) {
                  problem(key, "unknown key" + Suggest.didYouMean(key, known));
                }
              });
    }

    private JsonNode value(String field) {
      JsonNode v = node.get(field);
      return v == null || v.isNull() ? null : v;
    }

    String string(String field) {
      JsonNode v = value(field);
      if (v == null) {
        return null;
      }
      if (!v.isTextual() && !v.isNumber()) {
        problem(field, "expected a string, got " + describe(v));
        return null;
      }
      return v.asText();
    }

    Boolean bool(String field) {
      JsonNode v = value(field);
      if (v == null) {
        return null;
      }
      if (!v.isBoolean()) {
        problem(field, "expected true or false, got " + describe(v));
        return null;
      }
      return v.booleanValue();
    }

    List<String> strings(String field) {
      JsonNode v = value(field);
      if (v == null) {
        return List.of();
      }
      if (!v.isArray()) {
        problem(field, "expected a list of strings, got " + describe(v));
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (JsonNode item : v) {
        if (!item.isTextual() && !item.isNumber()) {
          problem(field, "expected a list of strings, got an item that is " + describe(item));
          return List.of();
        }
        out.add(item.asText());
      }
      if (field.equals("config_overrides")) {
        out.stream()
            .filter(o -> o.indexOf('=') <= 0)
            .forEach(o -> problem(field, "'" + SafeText.snippet(o, 40) + "' is not key=value"));
      }
      return out;
    }

    /** The task to fork; that it exists and is exec is the plan's to check. */
    String forkFrom(TaskKind kind, String self) {
      String source = string("fork_from");
      if (source == null) {
        return null;
      }
      if (kind != TaskKind.EXEC) {
        problem("fork_from", "only for kind: exec");
      } else if (source.equals(self)) {
        problem("fork_from", "a task cannot fork itself");
      }
      return source;
    }

    /** {@code verify}, {@code verify_rounds}, {@code verify_timeout}; null without verify. */
    VerifySpec verify(TaskKind kind) {
      String command = string("verify");
      JsonNode rounds = value("verify_rounds");
      Duration timeout = duration("verify_timeout");
      if (command == null) {
        for (String field : List.of("verify_rounds", "verify_timeout")) {
          if (node.has(field)) {
            problem(field, "goes only with verify");
          }
        }
        return null;
      }
      if (command.isBlank()) {
        problem("verify", "empty command");
        return null;
      }
      if (kind != TaskKind.EXEC) {
        problem("verify", "only for kind: exec");
        return null;
      }
      int count = VerifySpec.DEFAULT_ROUNDS;
      if (rounds != null) {
        if (!rounds.isInt() || rounds.asInt() < 1 || rounds.asInt() > VerifySpec.MAX_ROUNDS) {
          problem(
              "verify_rounds",
              "expected a whole number from 1 to "
                  + VerifySpec.MAX_ROUNDS
                  + ", got "
                  + describe(rounds));
        } else {
          count = rounds.asInt();
        }
      }
      return new VerifySpec(command, count, timeout != null ? timeout : VerifySpec.DEFAULT_TIMEOUT);
    }

    TaskKind kind() {
      String v = string("kind");
      if (v == null) {
        return TaskKind.EXEC;
      }
      for (TaskKind k : TaskKind.values()) {
        if (k.yamlName().equals(v)) {
          return k;
        }
      }
      problem("kind", "'" + SafeText.snippet(v, 40) + "' is not one of exec, review");
      return TaskKind.EXEC;
    }

    Sandbox sandbox() {
      String v = string("sandbox");
      if (v == null) {
        return null;
      }
      Optional<Sandbox> s = Sandbox.fromYaml(v);
      if (s.isEmpty()) {
        problem(
            "sandbox",
            "'"
                + SafeText.snippet(v, 40)
                + "' is not one of "
                + String.join(", ", Sandbox.yamlNames())
                + Suggest.didYouMean(v, Sandbox.yamlNames()));
      }
      return s.orElse(null);
    }

    /** {@code retries}, {@code retry_on}, {@code retry_delay}; each unset one from the base. */
    RetryPolicy retry(RetryPolicy base) {
      JsonNode retries = value("retries");
      int count = base.retries();
      if (retries != null) {
        if (!retries.isInt() || retries.asInt() < 0 || retries.asInt() > 10) {
          problem("retries", "expected a whole number from 0 to 10, got " + describe(retries));
        } else {
          count = retries.asInt();
        }
      }
      Set<RetryReason> on = base.on();
      if (value("retry_on") != null) {
        List<String> names = RetryReason.wireNames();
        Set<RetryReason> listed = EnumSet.noneOf(RetryReason.class);
        for (String text : strings("retry_on")) {
          RetryReason.fromWire(text)
              .ifPresentOrElse(
                  listed::add,
                  () ->
                      problem(
                          "retry_on",
                          "'"
                              + SafeText.snippet(text, 40)
                              + "' is not one of "
                              + String.join(", ", names)
                              + Suggest.didYouMean(text, names)));
        }
        on = listed;
      }
      Duration delay = Optional.ofNullable(duration("retry_delay")).orElse(base.delay());
      return new RetryPolicy(count, on, delay);
    }

    Duration duration(String field) {
      String v = string(field);
      if (v == null) {
        return null;
      }
      Optional<Duration> d = DurationText.parse(v);
      if (d.isEmpty() || d.get().isZero()) {
        problem(
            field,
            "'" + SafeText.snippet(v, 40) + "' is not a positive duration like 90s, 20m or 1h30m");
        return null;
      }
      if (d.get().compareTo(MAX_DURATION) > 0) {
        problem(field, "'" + SafeText.snippet(v, 40) + "' is longer than 365 days");
        return null;
      }
      return d.get();
    }

    Path directory(String field) {
      Path p = path(field, string(field));
      if (p != null && !Files.isDirectory(p)) {
        problem(field, "directory does not exist: " + SafeText.printable(p.toString()));
        return null;
      }
      if (p != null && !Files.isExecutable(p)) {
        // codex could not be started in it (chdir needs the search permission)
        problem(field, "directory cannot be entered (no search permission): " + p);
        return null;
      }
      return p;
    }

    Path file(String field) {
      Path p = path(field, string(field));
      if (p != null && !Files.isRegularFile(p)) {
        problem(field, "file does not exist: " + p);
        return null;
      }
      return p;
    }

    List<Path> files(String field) {
      List<Path> out = new ArrayList<>();
      for (String s : strings(field)) {
        Path p = path(field, s);
        if (p != null && !Files.isRegularFile(p)) {
          problem(field, "file does not exist: " + p);
        } else if (p != null) {
          out.add(p);
        }
      }
      return out;
    }

    private Path path(String field, String text) {
      if (text == null) {
        return null;
      }
      if (text.isBlank()) {
        problem(field, "empty path");
        return null;
      }
      Path p;
      try {
        p =
            Path.of(
                text.startsWith("~/") ? System.getProperty("user.home") + text.substring(1) : text);
      } catch (InvalidPathException e) {
        problem(field, "not a valid path (" + e.getReason() + ")");
        return null;
      }
      return (p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p))
          .toAbsolutePath()
          .normalize();
    }
  }

  private static String describe(JsonNode v) {
    if (v.isObject()) {
      return "a mapping";
    }
    if (v.isArray()) {
      return "a list";
    }
    if (v.isBoolean()) {
      return "a boolean (" + v.asText() + ")";
    }
    if (v.isNumber()) {
      return "a number (" + SafeText.snippet(v.asText(), 40) + ")";
    }
    return "'" + SafeText.snippet(v.asText(), 40) + "'";
  }
}
