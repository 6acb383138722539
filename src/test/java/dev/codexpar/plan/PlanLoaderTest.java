package dev.codexpar.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexpar.codex.CodexCapabilities;
import dev.codexpar.model.Sandbox;
import dev.codexpar.model.TaskKind;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.VerifySpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanLoaderTest {
  static CodexCapabilities codex169;
  static CodexCapabilities codex042;

  @TempDir Path dir;

  @BeforeAll
  static void capabilities() throws IOException {
    codex169 =
        CodexCapabilities.fromHelp("0.169.0", help("0.169.0/exec.txt"), help("0.169.0/review.txt"));
    codex042 = CodexCapabilities.fromHelp("0.42.0", help("0.42.0/exec.txt"), "");
  }

  private static String help(String name) throws IOException {
    try (InputStream in = PlanLoaderTest.class.getResourceAsStream("/codex-help/" + name)) {
      return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private Plan parse(String yaml) {
    return new PlanLoader().parse(yaml, dir, "tasks.yaml", codex169);
  }

  private List<String> problems(String yaml, CodexCapabilities caps) {
    try {
      new PlanLoader().parse(yaml, dir, "tasks.yaml", caps);
    } catch (PlanException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
    throw new AssertionError("expected validation problems");
  }

  private List<String> problems(String yaml) {
    return problems(yaml, codex169);
  }

  @Test
  void aTaskWithAnotherProblemStillHasItsDependenciesChecked() {
    assertThat(
            problems(
                """
                tasks:
                  - {name: a, cwd: ., prompt: x}
                  - name: b
                    cwd: ./missing
                    prompt: y
                    depends_on: [a, c]
                  - name: "../bad"
                    cwd: .
                    prompt: z
                    depends_on: [bb]
                """))
        .containsExactlyInAnyOrder(
            "tasks.yaml:4: task 'b' field 'cwd': directory does not exist: "
                + dir.resolve("missing").normalize(),
            "tasks.yaml:6: task 'b' field 'depends_on': unknown task 'c'; did you mean 'a'?",
            "tasks.yaml:7: task '#3' field 'name': '../bad' must be 1-100 of A-Z a-z 0-9 . _ - and"
                + " not '.' or '..'",
            "tasks.yaml:10: task '#3' field 'depends_on': unknown task 'bb'; did you mean 'b'?");
  }

  @Test
  void seedQuickStartValidatesWithReadOnlyAndDefaultFullAuto() {
    Plan plan =
        parse(
            """
            tasks:
              - name: "fee_calculator"
                cwd: "."
                sandbox: "read-only"
                prompt: |
                  Read src/FeeCalculatorV2.java.
              - name: "retry_job"
                cwd: "."
                sandbox: "read-only"
                prompt: Read src/RetryJob.java.
              - name: "cross_review"
                depends_on: ["fee_calculator", "retry_job"]
                cwd: "."
                sandbox: "read-only"
                prompt: Cross-review both reports.
            """);
    assertThat(plan.tasks())
        .extracting(TaskSpec::name)
        .containsExactly("fee_calculator", "retry_job", "cross_review");
    assertThat(plan.waves()).containsEntry("fee_calculator", 0).containsEntry("cross_review", 1);
    TaskSpec first = plan.tasks().get(0);
    assertThat(first.sandbox()).isEqualTo(Sandbox.READ_ONLY);
    assertThat(first.fullAuto()).isFalse();
    assertThat(first.cwd()).isEqualTo(dir.toAbsolutePath().normalize());
    assertThat(first.agentId()).isEqualTo("fee_calculator");
  }

  @Test
  void defaultsApplyAndTasksOverride() throws IOException {
    Files.createDirectories(dir.resolve("sub"));
    Plan plan =
        parse(
            """
            defaults:
              cwd: sub
              sandbox: read-write
              model: gpt-5-codex
              timeout: 20m
              config_overrides: ["a=1"]
            tasks:
              - name: one
                prompt: p
              - name: two
                prompt: p
                model: o3
                timeout: 90s
                config_overrides: ["b=2"]
            """);
    TaskSpec one = plan.tasks().get(0);
    TaskSpec two = plan.tasks().get(1);
    assertThat(one.cwd()).isEqualTo(dir.resolve("sub").toAbsolutePath().normalize());
    assertThat(one.sandbox()).isEqualTo(Sandbox.WORKSPACE_WRITE);
    assertThat(one.fullAuto()).isTrue();
    assertThat(one.model()).isEqualTo("gpt-5-codex");
    assertThat(one.timeout()).isEqualTo(Duration.ofMinutes(20));
    assertThat(two.model()).isEqualTo("o3");
    assertThat(two.timeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(two.configOverrides()).containsExactly("a=1", "b=2");
  }

  @Test
  void reviewTaskWithScopeNeedsNoPrompt() {
    Plan plan =
        parse(
            """
            tasks:
              - name: r
                kind: review
                cwd: .
                commit: abc123
                review_title: Fix it
            """);
    TaskSpec review = plan.tasks().get(0);
    assertThat(review.kind()).isEqualTo(TaskKind.REVIEW);
    assertThat(review.prompt()).isNull();
    assertThat(review.review().commit()).isEqualTo("abc123");
    assertThat(review.review().title()).isEqualTo("Fix it");
  }

  @Test
  void duplicateNames() {
    assertThat(
            problems(
                """
                tasks:
                  - {name: a, cwd: ., prompt: p}
                  - {name: a, cwd: ., prompt: p}
                """))
        .containsExactly(
            "tasks.yaml:3: task 'a' field 'name': duplicate name (first used by task #1)");
  }

  @Test
  void badNames() {
    assertThat(
            problems(
                """
                tasks:
                  - {name: "a/b", cwd: ., prompt: p}
                  - {name: "..", cwd: ., prompt: p}
                  - {name: ".", cwd: ., prompt: p}
                  - {cwd: ., prompt: p}
                """))
        .hasSize(4)
        .anySatisfy(p -> assertThat(p).startsWith("tasks.yaml:2: task '#1' field 'name': 'a/b'"))
        .anySatisfy(p -> assertThat(p).startsWith("tasks.yaml:3: task '#2' field 'name': '..'"))
        .anySatisfy(p -> assertThat(p).startsWith("tasks.yaml:4: task '#3' field 'name': '.'"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .isEqualTo("tasks.yaml:5: task '#4' field 'name': missing required field"));
  }

  @Test
  void unknownDependencyWithSuggestion() {
    assertThat(
            problems(
                """
                tasks:
                  - name: alpha
                    cwd: .
                    prompt: p
                  - name: beta
                    cwd: .
                    prompt: p
                    depends_on: [alpah]
                """))
        .containsExactly(
            "tasks.yaml:8: task 'beta' field 'depends_on': unknown task 'alpah'; did you mean 'alpha'?");
  }

  @Test
  void cyclePrinted() {
    assertThat(
            problems(
                """
                tasks:
                  - {name: a, cwd: ., prompt: p, depends_on: [c]}
                  - {name: b, cwd: ., prompt: p, depends_on: [a]}
                  - {name: c, cwd: ., prompt: p, depends_on: [b]}
                """))
        .containsExactly(
            "tasks.yaml:2: task 'a' field 'depends_on': dependency cycle: a -> c -> b -> a");
  }

  /** A search from the first task only would miss it (and then overflow the stack on it). */
  @Test
  void aCycleNotReachableFromTheFirstTaskIsFound() {
    assertThat(
            problems(
                """
                tasks:
                  - {name: x, cwd: ., prompt: p}
                  - {name: a, cwd: ., prompt: p, depends_on: [b]}
                  - {name: b, cwd: ., prompt: p, depends_on: [a]}
                """))
        .containsExactly(
            "tasks.yaml:3: task 'a' field 'depends_on': dependency cycle: a -> b -> a");
  }

  @Test
  void selfDependencyIsACycle() {
    assertThat(problems("tasks:\n  - {name: a, cwd: ., prompt: p, depends_on: [a]}\n"))
        .containsExactly("tasks.yaml:2: task 'a' field 'depends_on': dependency cycle: a -> a");
  }

  @Test
  void unknownKeyWithDidYouMean() {
    assertThat(
            problems(
                """
                tasks:
                  - name: a
                    cwd: .
                    prompt: p
                    depend_on: [b]
                """))
        .containsExactly(
            "tasks.yaml:5: task 'a' field 'depend_on': unknown key; did you mean 'depends_on'?");
  }

  @Test
  void unknownTopLevelAndDefaultsKeys() {
    assertThat(
            problems(
                """
                task:
                  - {name: a}
                defaults:
                  sandbx: read-only
                tasks:
                  - {name: a, cwd: ., prompt: p}
                """))
        .containsExactlyInAnyOrder(
            "tasks.yaml:1: 'task': unknown key; did you mean 'tasks'?",
            "tasks.yaml:4: 'defaults.sandbx': unknown key; did you mean 'sandbox'?");
  }

  @Test
  void wrongTypes() {
    assertThat(
            problems(
                """
                tasks:
                  - name: a
                    cwd: .
                    prompt: p
                    full_auto: "yes"
                    depends_on: b
                    images: {x: 1}
                    timeout: soon
                    sandbox: read-writ
                    kind: exe
                """))
        .containsExactlyInAnyOrder(
            "tasks.yaml:5: task 'a' field 'full_auto': expected true or false, got 'yes'",
            "tasks.yaml:6: task 'a' field 'depends_on': expected a list of strings, got 'b'",
            "tasks.yaml:7: task 'a' field 'images': expected a list of strings, got a mapping",
            "tasks.yaml:8: task 'a' field 'timeout': 'soon' is not a positive duration like 90s,"
                + " 20m or 1h30m",
            "tasks.yaml:9: task 'a' field 'sandbox': 'read-writ' is not one of read-only,"
                + " read-write, workspace-write, danger-full-access; did you mean 'read-write'?",
            "tasks.yaml:10: task 'a' field 'kind': 'exe' is not one of exec, review");
  }

  @Test
  void reviewOnlyFieldsOnExecTask() {
    assertThat(
            problems(
                """
                tasks:
                  - name: a
                    cwd: .
                    prompt: p
                    uncommitted: true
                    review_title: t
                """))
        .containsExactlyInAnyOrder(
            "tasks.yaml:5: task 'a' field 'uncommitted': only for kind: review",
            "tasks.yaml:6: task 'a' field 'review_title': only for kind: review");
  }

  @Test
  void reviewScopeFlagsCodexRejectsTogether() {
    assertThat(
            problems(
                """
                tasks:
                  - name: r
                    kind: review
                    cwd: .
                    prompt: look
                    uncommitted: true
                    base: main
                    review_title: t
                """))
        .containsExactlyInAnyOrder(
            "tasks.yaml:6: task 'r' field 'uncommitted': use only one of uncommitted, base, commit"
                + " (codex rejects them together)",
            "tasks.yaml:8: task 'r' field 'review_title': goes only with commit",
            "tasks.yaml:5: task 'r' field 'prompt': a review takes custom instructions (prompt) or a"
                + " scope flag (uncommitted, base, commit), not both");
  }

  @Test
  void reviewWithoutPromptOrScope() {
    assertThat(problems("tasks:\n  - {name: r, kind: review, cwd: .}\n"))
        .containsExactly(
            "tasks.yaml:2: task 'r' field 'prompt': a review needs a prompt or one of uncommitted,"
                + " base, commit");
  }

  @Test
  void fullAutoWithReadOnly() {
    assertThat(
            problems(
                "tasks:\n  - {name: a, cwd: ., prompt: p, sandbox: read-only, full_auto: true}\n"))
        .containsExactly(
            "tasks.yaml:2: task 'a' field 'full_auto': full_auto: true conflicts with sandbox"
                + " read-only");
  }

  @Test
  void missingCwdAndPromptAndNonexistentPaths() {
    assertThat(
            problems(
                """
                tasks:
                  - name: a
                  - name: b
                    cwd: nowhere
                    prompt: p
                    output_schema: schema.json
                """))
        .containsExactlyInAnyOrder(
            "tasks.yaml:2: task 'a' field 'cwd': missing required field (set it on the task or in"
                + " defaults:)",
            "tasks.yaml:2: task 'a' field 'prompt': missing required field",
            "tasks.yaml:4: task 'b' field 'cwd': directory does not exist: "
                + dir.resolve("nowhere").toAbsolutePath().normalize(),
            "tasks.yaml:6: task 'b' field 'output_schema': file does not exist: "
                + dir.resolve("schema.json").toAbsolutePath().normalize());
  }

  @Test
  void flagsTheInstalledCodexLacks() throws IOException {
    Files.writeString(dir.resolve("schema.json"), "{}");
    assertThat(
            problems(
                """
                tasks:
                  - name: a
                    cwd: .
                    prompt: p
                    enable_features: [e]
                    output_schema: schema.json
                  - name: r
                    kind: review
                    cwd: .
                    uncommitted: true
                """,
                codex042))
        .contains(
            "tasks.yaml:5: task 'a' field 'enable_features': codex 0.42.0 has no --enable",
            "tasks.yaml:8: task 'r' field 'kind': codex 0.42.0 has no exec review");
  }

  @Test
  void worktreeTasksNeedAGitWorkTreeWithACommitAndANameGitTakes() throws IOException {
    Path plain = Files.createDirectories(dir.resolve("plain"));
    Path bare = dir.resolve("bare.git");
    Path fresh = Files.createDirectories(dir.resolve("fresh"));
    Path repo = Files.createDirectories(dir.resolve("repo"));
    git(dir, "init", "-q", "--bare", bare.toString());
    git(fresh, "init", "-q");
    git(repo, "init", "-q");
    git(
        repo,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@x",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "i");
    List<String> found =
        problems(
            """
            defaults:
              worktree: true
            tasks:
              - {name: outside, cwd: plain, prompt: p}
              - {name: bare, cwd: bare.git, prompt: p}
              - {name: nocommit, cwd: fresh, prompt: p}
              - {name: x.lock, cwd: repo, prompt: p}
              - {name: fine, cwd: repo, prompt: p}
              - {name: own, cwd: plain, prompt: p, worktree: false}
            """);
    assertThat(found)
        .anyMatch(
            p ->
                p.contains("task 'outside' field 'worktree'")
                    && p.contains("not inside a git repository"))
        .anyMatch(p -> p.contains("task 'bare' field 'worktree'") && p.contains("bare"))
        .anyMatch(p -> p.contains("task 'nocommit' field 'worktree'") && p.contains("no commit"))
        .anyMatch(p -> p.contains("task 'x.lock' field 'worktree'") && p.contains(".lock"))
        .noneMatch(p -> p.contains("'fine'") || p.contains("'own'"));
  }

  private static void git(Path in, String... args) throws IOException {
    List<String> argv = new java.util.ArrayList<>(List.of("git", "-C", in.toString()));
    argv.addAll(List.of(args));
    try {
      Process p =
          new ProcessBuilder(argv)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      assertThat(p.waitFor()).as(String.join(" ", argv)).isZero();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void reviewRejectsImagesAndProfile() throws IOException {
    Files.writeString(dir.resolve("a.png"), "x");
    assertThat(
            problems(
                """
                tasks:
                  - name: r
                    kind: review
                    cwd: .
                    prompt: look
                    images: [a.png]
                    profile: fast
                """))
        .containsExactlyInAnyOrder(
            "tasks.yaml:6: task 'r' field 'images': codex 0.169.0 has no exec review --image",
            "tasks.yaml:7: task 'r' field 'profile': codex 0.169.0 has no exec review --profile");
  }

  @Test
  void yamlSyntaxErrorHasALine() {
    assertThat(problems("tasks:\n  - name: a\n   bad: [\n"))
        .singleElement()
        .satisfies(p -> assertThat(p).matches("tasks\\.yaml:\\d+: not valid YAML: .*"));
  }

  @Test
  void duplicateKeyInAMapping() {
    assertThat(problems("tasks:\n  - name: a\n    name: b\n    cwd: .\n    prompt: p\n"))
        .singleElement()
        .satisfies(p -> assertThat(p).contains("tasks.yaml:3: not valid YAML").contains("name"));
  }

  @Test
  void everyProblemAtOnce() {
    assertThat(
            problems(
                """
                tasks:
                  - {name: a, cwd: ., prompt: p, depends_on: [zz]}
                  - {name: a, cwd: ., prompt: p}
                  - {name: c, cwd: ., prompt: p, depend_on: [a]}
                """))
        .hasSize(3);
  }

  @Test
  void retryFieldsAreCheckedAndDefaultsApply() {
    assertThat(
            problems(
                """
                defaults: {retries: 2, retry_on: [rate_limit]}
                tasks:
                  - {name: a, cwd: ., prompt: p, retries: many}
                  - {name: b, cwd: ., prompt: p, retry_on: [rate_limits], retry_delay: soon}
                """))
        .containsExactlyInAnyOrder(
            "tasks.yaml:3: task 'a' field 'retries': expected a whole number from 0 to 10, got"
                + " 'many'",
            "tasks.yaml:4: task 'b' field 'retry_on': 'rate_limits' is not one of rate_limit,"
                + " server_error, stream, startup, timeout, failed; did you mean 'rate_limit'?",
            "tasks.yaml:4: task 'b' field 'retry_delay': 'soon' is not a positive duration like"
                + " 90s, 20m or 1h30m");
  }

  @Test
  void forkFromImpliesTheDependencyAndVerifyHasDefaults() {
    Plan plan =
        parse(
            """
            tasks:
              - {name: up, cwd: ., prompt: p}
              - {name: other, cwd: ., prompt: p}
              - {name: fork, cwd: ., prompt: p, fork_from: up, depends_on: [other]}
              - {name: again, cwd: ., prompt: p, fork_from: up, depends_on: [up]}
              - name: checked
                cwd: .
                prompt: p
                verify: make test && ./lint
              - {name: tuned, cwd: ., prompt: p, verify: "true", verify_rounds: 5,
                 verify_timeout: 90s}
            """);

    Map<String, TaskSpec> byName = new HashMap<>();
    plan.tasks().forEach(t -> byName.put(t.name(), t));
    assertThat(byName.get("fork").forkFrom()).isEqualTo("up");
    assertThat(byName.get("fork").dependsOn()).containsExactly("other", "up");
    assertThat(byName.get("again").dependsOn()).containsExactly("up");
    assertThat(plan.waves()).containsEntry("fork", 1).containsEntry("again", 1);
    assertThat(byName.get("up").forkFrom()).isNull();
    assertThat(byName.get("up").verify()).isNull();
    assertThat(byName.get("checked").verify())
        .isEqualTo(
            new VerifySpec(
                "make test && ./lint", VerifySpec.DEFAULT_ROUNDS, VerifySpec.DEFAULT_TIMEOUT));
    assertThat(byName.get("tuned").verify())
        .isEqualTo(new VerifySpec("true", 5, Duration.ofSeconds(90)));
  }

  @Test
  void forkFromNamesAnExecTaskOfThePlanThatIsNotItself() {
    assertThat(
            problems(
                """
                tasks:
                  - {name: upstream, cwd: ., prompt: p}
                  - {name: rev, kind: review, cwd: ., uncommitted: true}
                  - {name: a, cwd: ., prompt: p, fork_from: upstreem}
                  - {name: b, cwd: ., prompt: p, fork_from: rev}
                  - {name: c, cwd: ., prompt: p, fork_from: c}
                  - {name: d, kind: review, cwd: ., prompt: p, fork_from: upstream}
                  - {name: e, cwd: ., prompt: p, fork_from: f}
                  - {name: f, cwd: ., prompt: p, depends_on: [e]}
                """))
        .containsExactlyInAnyOrder(
            "tasks.yaml:4: task 'a' field 'fork_from': unknown task 'upstreem'; did you mean"
                + " 'upstream'?",
            "tasks.yaml:5: task 'b' field 'fork_from': 'rev' is a review task: only an exec"
                + " task's session forks",
            "tasks.yaml:6: task 'c' field 'fork_from': a task cannot fork itself",
            "tasks.yaml:7: task 'd' field 'fork_from': only for kind: exec",
            "tasks.yaml:8: task 'e' field 'depends_on': dependency cycle: e -> f -> e");
  }

  @Test
  void forkFromNeedsACodexWithExecFork() {
    assertThat(
            problems(
                """
                tasks:
                  - {name: up, cwd: ., prompt: p}
                  - {name: down, cwd: ., prompt: p, fork_from: up}
                """,
                codex042))
        .containsExactly(
            "tasks.yaml:3: task 'down' field 'fork_from': codex 0.42.0 has no exec fork");
  }

  @Test
  void verifyFieldsAreRangeCheckedAndGoOnlyWithVerifyOnExecTasks() {
    assertThat(
            problems(
                """
                tasks:
                  - {name: a, cwd: ., prompt: p, verify: "make", verify_rounds: 0}
                  - {name: b, cwd: ., prompt: p, verify: "make", verify_rounds: 11}
                  - {name: c, cwd: ., prompt: p, verify: "make", verify_rounds: two}
                  - {name: d, cwd: ., prompt: p, verify: "make", verify_timeout: soon}
                  - {name: e, cwd: ., prompt: p, verify_rounds: 3, verify_timeout: 1m}
                  - {name: f, cwd: ., prompt: p, verify: "  "}
                  - {name: g, kind: review, cwd: ., uncommitted: true, verify: make}
                  - {name: h, cwd: ., prompt: p, verify: [make]}
                """))
        .containsExactlyInAnyOrder(
            "tasks.yaml:2: task 'a' field 'verify_rounds': expected a whole number from 1 to 10,"
                + " got a number (0)",
            "tasks.yaml:3: task 'b' field 'verify_rounds': expected a whole number from 1 to 10,"
                + " got a number (11)",
            "tasks.yaml:4: task 'c' field 'verify_rounds': expected a whole number from 1 to 10,"
                + " got 'two'",
            "tasks.yaml:5: task 'd' field 'verify_timeout': 'soon' is not a positive duration like"
                + " 90s, 20m or 1h30m",
            "tasks.yaml:6: task 'e' field 'verify_rounds': goes only with verify",
            "tasks.yaml:6: task 'e' field 'verify_timeout': goes only with verify",
            "tasks.yaml:7: task 'f' field 'verify': empty command",
            "tasks.yaml:8: task 'g' field 'verify': only for kind: exec",
            "tasks.yaml:9: task 'h' field 'verify': expected a string, got a list");
  }

  @Test
  void verifyRoundsBeyondTheFirstNeedExecResume() {
    CodexCapabilities noResume =
        new CodexCapabilities(
            "0.30.0", codex169.execFlags(), codex169.reviewFlags(), java.util.Set.of());

    assertThat(
            problems(
                "tasks:\n  - {name: a, cwd: ., prompt: p, verify: make, verify_rounds: 3}\n",
                noResume))
        .containsExactly(
            "tasks.yaml:2: task 'a' field 'verify_rounds': codex 0.30.0 has no exec resume");
    assertThat(
            new PlanLoader()
                .parse(
                    "tasks:\n  - {name: a, cwd: ., prompt: p, verify: make, verify_rounds: 1}\n",
                    dir,
                    "tasks.yaml",
                    noResume)
                .tasks())
        .hasSize(1);
  }

  @Test
  void emptyOrMissingTasks() {
    assertThat(problems("defaults: {}\n"))
        .containsExactly("tasks.yaml:1: 'tasks': expected a non-empty list");
    assertThat(problems("tasks: []\n"))
        .containsExactly("tasks.yaml:1: 'tasks': expected a non-empty list");
  }

  @Test
  void loadResolvesRelativeToTheFile() throws IOException {
    Path sub = Files.createDirectories(dir.resolve("proj"));
    Path file = sub.resolve("tasks.yaml");
    Files.writeString(file, "tasks:\n  - {name: a, cwd: ., prompt: p}\n");
    Plan plan = new PlanLoader().load(file, codex169);
    assertThat(plan.tasks().get(0).cwd()).isEqualTo(sub.toAbsolutePath().normalize());
    assertThatThrownBy(() -> new PlanLoader().load(dir.resolve("none.yaml"), codex169))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("no such file");
  }
}
