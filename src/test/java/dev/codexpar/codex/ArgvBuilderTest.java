package dev.codexpar.codex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexpar.model.ReviewScope;
import dev.codexpar.model.Sandbox;
import dev.codexpar.model.TaskSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgvBuilderTest {
  private static final Path BIN = Path.of("/opt/codex/bin/codex");
  private static final Path OUT = Path.of("/runs/r1/outputs/t1.md");
  private static final CodexCapabilities CODEX_169 = Fixtures.codex169();
  private static final CodexCapabilities CODEX_042 = Fixtures.codex042();

  private static List<String> argv(SpecBuilder spec, CodexCapabilities caps) {
    return ArgvBuilder.build(spec.build(), caps, BIN, OUT);
  }

  /** The exec argv of codex 0.169 with the given middle part (after sandbox, before output). */
  private static List<String> exec169(String... middle) {
    List<String> argv = new ArrayList<>(List.of(BIN.toString(), "exec", "--json"));
    argv.addAll(List.of(middle));
    argv.addAll(List.of("--output-last-message", OUT.toString(), "-"));
    return argv;
  }

  private static List<String> exec042(String... middle) {
    List<String> argv = new ArrayList<>(List.of(BIN.toString(), "exec", "--json"));
    argv.addAll(List.of(middle));
    argv.addAll(List.of("--output-last-message", OUT.toString(), "-"));
    return argv;
  }

  @Test
  void minimalExecTask() {
    assertThat(argv(SpecBuilder.exec(), CODEX_169)).isEqualTo(exec169("-s", "workspace-write"));
    assertThat(argv(SpecBuilder.exec(), CODEX_042)).isEqualTo(exec042("--full-auto"));
  }

  @Test
  void notFullAutoLetsCodexDecide() {
    assertThat(argv(SpecBuilder.exec().fullAuto(false), CODEX_169)).isEqualTo(exec169());
    assertThat(argv(SpecBuilder.exec().fullAuto(false), CODEX_042)).isEqualTo(exec042());
  }

  @Test
  void explicitSandboxWinsOverFullAuto() {
    SpecBuilder spec = SpecBuilder.exec().sandbox(Sandbox.DANGER_FULL_ACCESS);

    assertThat(argv(spec, CODEX_169)).isEqualTo(exec169("-s", "danger-full-access"));
    assertThat(argv(spec, CODEX_042)).isEqualTo(exec042("-s", "danger-full-access"));
    assertThat(argv(SpecBuilder.exec().fullAuto(false).sandbox(Sandbox.READ_ONLY), CODEX_169))
        .isEqualTo(exec169("-s", "read-only"));
  }

  @Test
  void model() {
    SpecBuilder spec = SpecBuilder.exec().fullAuto(false).model("gpt-5-codex");

    assertThat(argv(spec, CODEX_169)).isEqualTo(exec169("-m", "gpt-5-codex"));
    assertThat(argv(spec, CODEX_042)).isEqualTo(exec042("-m", "gpt-5-codex"));
  }

  @Test
  void profile() {
    SpecBuilder spec = SpecBuilder.exec().fullAuto(false).profile("fast");

    assertThat(argv(spec, CODEX_169)).isEqualTo(exec169("-p", "fast"));
    assertThat(argv(spec, CODEX_042)).isEqualTo(exec042("-p", "fast"));
  }

  @Test
  void configOverridesInOrder() {
    SpecBuilder spec =
        SpecBuilder.exec()
            .fullAuto(false)
            .configOverrides("model_reasoning_effort=\"high\"", "a.b=1");

    assertThat(argv(spec, CODEX_169))
        .isEqualTo(exec169("-c", "model_reasoning_effort=\"high\"", "-c", "a.b=1"));
    assertThat(argv(spec, CODEX_042))
        .isEqualTo(exec042("-c", "model_reasoning_effort=\"high\"", "-c", "a.b=1"));
  }

  @Test
  void images() {
    SpecBuilder spec =
        SpecBuilder.exec().fullAuto(false).images(Path.of("/img/a.png"), Path.of("/img/b.png"));

    assertThat(argv(spec, CODEX_169)).isEqualTo(exec169("-i", "/img/a.png", "-i", "/img/b.png"));
    assertThat(argv(spec, CODEX_042)).isEqualTo(exec042("-i", "/img/a.png", "-i", "/img/b.png"));
  }

  @Test
  void features() {
    SpecBuilder spec =
        SpecBuilder.exec().fullAuto(false).enableFeatures("web_search", "x").disableFeatures("y");

    assertThat(argv(spec, CODEX_169))
        .isEqualTo(exec169("--enable", "web_search", "--enable", "x", "--disable", "y"));
  }

  @Test
  void outputSchema() {
    SpecBuilder spec = SpecBuilder.exec().fullAuto(false).outputSchema(Path.of("/s/schema.json"));

    assertThat(argv(spec, CODEX_169)).isEqualTo(exec169("--output-schema", "/s/schema.json"));
    assertThat(argv(spec, CODEX_042)).isEqualTo(exec042("--output-schema", "/s/schema.json"));
  }

  @Test
  void worktreeIsCodexParsOwnAndPassesNoFlag() {
    // codex-par makes the worktree and runs codex in it: codex's own --worktree is never used
    assertThat(argv(SpecBuilder.exec().fullAuto(false).worktree(), CODEX_169)).isEqualTo(exec169());
  }

  @Test
  void skipGitRepoCheck() {
    SpecBuilder spec = SpecBuilder.exec().fullAuto(false).skipGitRepoCheck();

    assertThat(argv(spec, CODEX_169)).isEqualTo(exec169("--skip-git-repo-check"));
    assertThat(argv(spec, CODEX_042)).isEqualTo(exec042("--skip-git-repo-check"));
  }

  @Test
  void everyExecFieldTogetherInFixedOrder() {
    SpecBuilder spec =
        SpecBuilder.exec()
            .sandbox(Sandbox.WORKSPACE_WRITE)
            .model("m")
            .profile("p")
            .configOverrides("k=v")
            .images(Path.of("/i.png"))
            .enableFeatures("e")
            .disableFeatures("d")
            .outputSchema(Path.of("/s.json"))
            .worktree()
            .skipGitRepoCheck();

    assertThat(argv(spec, CODEX_169))
        .isEqualTo(
            exec169(
                "-s",
                "workspace-write",
                "-m",
                "m",
                "-p",
                "p",
                "-c",
                "k=v",
                "-i",
                "/i.png",
                "--enable",
                "e",
                "--disable",
                "d",
                "--output-schema",
                "/s.json",
                "--skip-git-repo-check"));
  }

  @Test
  void thePromptNeverGoesInArgv() {
    TaskSpec spec = SpecBuilder.exec().build();

    assertThat(ArgvBuilder.build(spec, CODEX_169, BIN, OUT)).doesNotContain(spec.prompt());
    assertThat(ArgvBuilder.readsPromptFromStdin(spec)).isTrue();
  }

  @Test
  void outputFileIsAbsoluteAndOnlyWhenCodexHasTheFlag() {
    Path relative = Path.of("outputs/t1.md");
    List<String> argv = ArgvBuilder.build(SpecBuilder.exec().build(), CODEX_169, BIN, relative);
    assertThat(argv).contains(relative.toAbsolutePath().toString());

    CodexCapabilities bare = new CodexCapabilities("0.1.0", Set.of("--json"), Set.of(), Set.of());
    assertThat(ArgvBuilder.build(SpecBuilder.exec().fullAuto(false).build(), bare, BIN, OUT))
        .containsExactly(BIN.toString(), "exec", "--json", "-");
  }

  @Test
  void experimentalJsonOnlyWhenJsonIsMissing() {
    CodexCapabilities experimental =
        new CodexCapabilities(
            "0.30.0", Set.of("--experimental-json", "--sandbox"), Set.of(), Set.of());

    assertThat(ArgvBuilder.build(SpecBuilder.exec().build(), experimental, BIN, OUT))
        .containsExactly(
            BIN.toString(), "exec", "--experimental-json", "-s", "workspace-write", "-");
  }

  @Test
  void reviewOfUncommittedChanges() {
    TaskSpec spec = SpecBuilder.review(new ReviewScope(true, null, null, null)).build();

    assertThat(ArgvBuilder.build(spec, CODEX_169, BIN, OUT))
        .containsExactly(
            BIN.toString(),
            "exec",
            "review",
            "--json",
            "-c",
            "sandbox_mode=\"workspace-write\"",
            "--output-last-message",
            OUT.toString(),
            "--uncommitted");
    assertThat(ArgvBuilder.readsPromptFromStdin(spec)).isFalse();
  }

  @Test
  void reviewAgainstABaseBranch() {
    TaskSpec spec =
        SpecBuilder.review(new ReviewScope(false, "main", null, null)).fullAuto(false).build();

    assertThat(ArgvBuilder.build(spec, CODEX_169, BIN, OUT))
        .containsExactly(
            BIN.toString(),
            "exec",
            "review",
            "--json",
            "--output-last-message",
            OUT.toString(),
            "--base",
            "main");
  }

  @Test
  void reviewOfACommitWithTitle() {
    TaskSpec spec =
        SpecBuilder.review(new ReviewScope(false, null, "abc123", "Fix login"))
            .fullAuto(false)
            .build();

    assertThat(ArgvBuilder.build(spec, CODEX_169, BIN, OUT))
        .endsWith("--commit", "abc123", "--title", "Fix login");
  }

  @Test
  void reviewWithCustomInstructionsReadsThemFromStdin() {
    TaskSpec spec = SpecBuilder.review(ReviewScope.NONE).fullAuto(false).build();

    assertThat(ArgvBuilder.build(spec, CODEX_169, BIN, OUT))
        .containsExactly(
            BIN.toString(),
            "exec",
            "review",
            "--json",
            "--output-last-message",
            OUT.toString(),
            "-");
    assertThat(ArgvBuilder.readsPromptFromStdin(spec)).isTrue();
  }

  @Test
  void reviewTakesSandboxAsConfigAndTheOtherFieldsAsFlags() {
    TaskSpec spec =
        SpecBuilder.review(new ReviewScope(true, null, null, null))
            .sandbox(Sandbox.READ_ONLY)
            .model("m")
            .configOverrides("k=v")
            .images(Path.of("/ignored.png"))
            .enableFeatures("e")
            .disableFeatures("d")
            .outputSchema(Path.of("/s.json"))
            .worktree()
            .skipGitRepoCheck()
            .build();

    assertThat(ArgvBuilder.build(spec, CODEX_169, BIN, OUT))
        .containsExactly(
            BIN.toString(),
            "exec",
            "review",
            "--json",
            "-c",
            "sandbox_mode=\"read-only\"",
            "-m",
            "m",
            "-c",
            "k=v",
            "--enable",
            "e",
            "--disable",
            "d",
            "--output-schema",
            "/s.json",
            "--skip-git-repo-check",
            "--output-last-message",
            OUT.toString(),
            "--uncommitted");
  }

  @Test
  void aSupportedTaskHasNoGaps() {
    TaskSpec everything =
        SpecBuilder.exec()
            .sandbox(Sandbox.WORKSPACE_WRITE)
            .model("m")
            .profile("p")
            .configOverrides("k=v")
            .images(Path.of("/i.png"))
            .enableFeatures("e")
            .disableFeatures("d")
            .outputSchema(Path.of("/s.json"))
            .worktree()
            .skipGitRepoCheck()
            .build();

    assertThat(ArgvBuilder.unsupported(everything, CODEX_169)).isEmpty();
    assertThat(ArgvBuilder.unsupported(SpecBuilder.exec().build(), CODEX_042)).isEmpty();
    TaskSpec review =
        SpecBuilder.review(new ReviewScope(false, null, "abc", "t")).model("m").worktree().build();
    assertThat(ArgvBuilder.unsupported(review, CODEX_169)).isEmpty();
  }

  @Test
  void codex042LacksFeaturesButNeedsNothingForAWorktree() {
    TaskSpec spec =
        SpecBuilder.exec()
            .worktree()
            .enableFeatures("e")
            .disableFeatures("d")
            .outputSchema(Path.of("/s.json"))
            .build();

    List<UnsupportedField> gaps = ArgvBuilder.unsupported(spec, CODEX_042);

    assertThat(gaps)
        .containsExactly(
            new UnsupportedField("enable_features", "--enable"),
            new UnsupportedField("disable_features", "--disable"));
    assertThat(gaps.get(1).message("0.42.0")).isEqualTo("codex 0.42.0 has no --disable");
  }

  @Test
  void codex042HasNoReview() {
    TaskSpec spec = SpecBuilder.review(new ReviewScope(true, null, null, null)).worktree().build();

    List<UnsupportedField> gaps = ArgvBuilder.unsupported(spec, CODEX_042);

    assertThat(gaps).containsExactly(new UnsupportedField("kind", "exec review"));
    assertThat(gaps.get(0).message("0.42.0")).isEqualTo("codex 0.42.0 has no exec review");
  }

  @Test
  void reviewHasNoProfile() {
    TaskSpec spec =
        SpecBuilder.review(new ReviewScope(true, null, null, null)).profile("fast").build();

    assertThat(ArgvBuilder.unsupported(spec, CODEX_169))
        .containsExactly(new UnsupportedField("profile", "exec review --profile"));
  }

  @Test
  void outputSchemaWithoutTheFlag() {
    CodexCapabilities old = new CodexCapabilities("0.20.0", Set.of("--json"), Set.of(), Set.of());
    TaskSpec spec =
        SpecBuilder.exec()
            .fullAuto(false)
            .sandbox(Sandbox.READ_ONLY)
            .model("m")
            .outputSchema(Path.of("/s.json"))
            .skipGitRepoCheck()
            .build();

    assertThat(ArgvBuilder.unsupported(spec, old))
        .containsExactly(
            new UnsupportedField("sandbox", "--sandbox"),
            new UnsupportedField("model", "--model"),
            new UnsupportedField("output_schema", "--output-schema"),
            new UnsupportedField("skip_git_repo_check", "--skip-git-repo-check"));
  }

  @Test
  void fullAutoNeedsSomeWayToSetTheSandbox() {
    CodexCapabilities bare = new CodexCapabilities("0.1.0", Set.of(), Set.of(), Set.of());

    assertThat(ArgvBuilder.unsupported(SpecBuilder.exec().build(), bare))
        .containsExactly(
            new UnsupportedField("kind", "--json"),
            new UnsupportedField("full_auto", "--full-auto"));
  }

  /** codex 0.169: exec's options go ahead of the subcommand (verified by SessionTurnsCodexTest). */
  @Test
  void resumeKeepsExecOptionsAheadOfTheSubcommand() {
    TaskSpec spec =
        SpecBuilder.exec()
            .sandbox(Sandbox.READ_ONLY)
            .model("gpt-5-codex")
            .profile("fast")
            .configOverrides("a=1")
            .skipGitRepoCheck()
            .build();

    assertThat(ArgvBuilder.build(spec, CODEX_169, BIN, OUT, Continuation.resume("S-1")))
        .containsExactly(
            BIN.toString(),
            "exec",
            "--json",
            "-s",
            "read-only",
            "-m",
            "gpt-5-codex",
            "-p",
            "fast",
            "-c",
            "a=1",
            "--skip-git-repo-check",
            "--output-last-message",
            OUT.toString(),
            "resume",
            "S-1",
            "-");
  }

  @Test
  void resumeLeavesOutImagesWhichTheSessionAlreadyHas() {
    SpecBuilder spec = SpecBuilder.exec().images(Path.of("/a.png")).worktree();

    assertThat(ArgvBuilder.build(spec.build(), CODEX_169, BIN, OUT, Continuation.resume("S-1")))
        .isEqualTo(exec169Then("resume", "S-1", "-s", "workspace-write"));
    assertThat(ArgvBuilder.build(spec.build(), CODEX_169, BIN, OUT, Continuation.fork("S-0")))
        .isEqualTo(exec169Then("fork", "S-0", "-s", "workspace-write", "-i", "/a.png"));
  }

  @Test
  void aReviewSessionResumesAsExecWithoutItsScope() {
    TaskSpec review = SpecBuilder.review(new ReviewScope(true, null, null, null)).build();

    assertThat(ArgvBuilder.build(review, CODEX_169, BIN, OUT, Continuation.resume("S-2")))
        .isEqualTo(exec169Then("resume", "S-2", "-s", "workspace-write"));
  }

  @Test
  void forkFromAndVerifyRoundsNeedTheSessionCommands() {
    TaskSpec spec = SpecBuilder.exec().forkFrom("up").verify("make test", 3).build();
    CodexCapabilities noSessions =
        new CodexCapabilities("0.20.0", CODEX_169.execFlags(), Set.of(), Set.of());

    assertThat(ArgvBuilder.unsupported(spec, CODEX_169)).isEmpty();
    assertThat(ArgvBuilder.unsupported(spec, CODEX_042))
        .containsExactly(new UnsupportedField("fork_from", "exec fork"));
    assertThat(ArgvBuilder.unsupported(spec, noSessions))
        .containsExactly(
            new UnsupportedField("fork_from", "exec fork"),
            new UnsupportedField("verify_rounds", "exec resume"));
    TaskSpec gateOnly = SpecBuilder.exec().verify("make test", 1).build();
    assertThat(ArgvBuilder.unsupported(gateOnly, noSessions)).isEmpty();
  }

  /** exec169 with the middle part, then the continuation's subcommand and id before {@code -}. */
  private static List<String> exec169Then(String command, String session, String... middle) {
    List<String> argv = new ArrayList<>(exec169(middle));
    argv.addAll(argv.size() - 1, List.of(command, session));
    return argv;
  }
}
