package dev.codexpar.codex;

import dev.codexpar.model.Sandbox;
import dev.codexpar.model.TaskKind;
import dev.codexpar.model.TaskSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The exact codex argv of a task; pure. The prompt never goes in argv: when codex needs one it
 * reads it from stdin ({@code -}).
 *
 * <p>A field is written with its flag even when the binary lacks it (codex then refuses it loudly);
 * {@link #unsupported} lets validation stop such tasks first. Only where codex offers another way
 * does the argv adapt:
 *
 * <ul>
 *   <li>{@code --json}, else {@code --experimental-json} when only that exists;
 *   <li>an explicit sandbox is {@code -s NAME}; else full_auto is {@code --full-auto} when the
 *       command has it (0.42 has, 0.169 not), else {@code -s workspace-write};
 *   <li>without {@code --sandbox} (as {@code exec review}) the sandbox goes in as the config key
 *       {@code -c sandbox_mode="NAME"};
 *   <li>the output file goes in with {@code --output-last-message} only when codex has it (the long
 *       name: old codex has no {@code -o}); else the caller falls back to the last agent message;
 *   <li>review tasks take no images ({@code exec review} has no {@code -i}; validation rejects
 *       them).
 * </ul>
 *
 * <p>A {@link Continuation} ({@code exec resume ID} / {@code exec fork ID}) takes exec's options
 * ahead of its subcommand, where codex 0.169 applies them (its {@code resume} and {@code fork} lack
 * {@code -s} and {@code -p} of their own), then the id and {@code -}. A resume leaves out the
 * task's images (they went with its first prompt, which the session holds); a review task's session
 * resumes as an exec one, without its scope. A {@code worktree: true} task passes no flag:
 * codex-par makes the worktree itself and runs codex in it.
 */
public final class ArgvBuilder {
  private ArgvBuilder() {}

  /** The argv of a task's first turn in a fresh session. */
  public static List<String> build(
      TaskSpec spec, CodexCapabilities caps, Path codexBin, Path outputFile) {
    return build(spec, caps, codexBin, outputFile, null);
  }

  /**
   * The argv of a turn that goes on from an earlier session: a follow-up, a verify round or a retry
   * ({@link Continuation#resume}), or a {@code fork_from} task's first turn ({@link
   * Continuation#fork}); null is {@link #build(TaskSpec, CodexCapabilities, Path, Path)}.
   */
  public static List<String> build(
      TaskSpec spec,
      CodexCapabilities caps,
      Path codexBin,
      Path outputFile,
      Continuation continuation) {
    boolean review = continuation == null && spec.kind() == TaskKind.REVIEW;
    boolean resume = continuation != null && continuation.mode() == Continuation.Mode.RESUME;
    Predicate<String> has = review ? caps::reviewSupports : caps::execSupports;
    List<String> argv = new ArrayList<>();
    argv.add(codexBin.toString());
    argv.add("exec");
    if (review) {
      argv.add("review");
    }
    boolean onlyExperimentalJson = !has.test("--json") && has.test("--experimental-json");
    argv.add(onlyExperimentalJson ? "--experimental-json" : "--json");
    addSandbox(argv, spec, has);
    addIfSet(argv, "-m", spec.model());
    addIfSet(argv, "-p", spec.profile());
    spec.configOverrides().forEach(override -> addPair(argv, "-c", override));
    if (!resume && spec.kind() == TaskKind.EXEC) {
      spec.images().forEach(image -> addPair(argv, "-i", image.toString()));
    }
    spec.enableFeatures().forEach(feature -> addPair(argv, "--enable", feature));
    spec.disableFeatures().forEach(feature -> addPair(argv, "--disable", feature));
    if (spec.outputSchema() != null) {
      addPair(argv, "--output-schema", spec.outputSchema().toString());
    }
    if (spec.skipGitRepoCheck()) {
      argv.add("--skip-git-repo-check");
    }
    if (has.test("--output-last-message")) {
      addPair(argv, "--output-last-message", outputFile.toAbsolutePath().toString());
    }
    if (continuation != null) {
      argv.add(continuation.mode().command());
      argv.add(continuation.sessionId());
      argv.add("-");
    } else if (readsPromptFromStdin(spec)) {
      argv.add("-");
    } else {
      addScope(argv, spec);
    }
    return List.copyOf(argv);
  }

  /**
   * Exec tasks always read their prompt from stdin; review tasks unless a scope flag is set. (A
   * {@link Continuation} always reads it from stdin.)
   */
  public static boolean readsPromptFromStdin(TaskSpec spec) {
    return spec.kind() == TaskKind.EXEC || spec.review().isEmpty();
  }

  /** The fields of this task the given codex cannot honour (for validation to report). */
  public static List<UnsupportedField> unsupported(TaskSpec spec, CodexCapabilities caps) {
    boolean review = spec.kind() == TaskKind.REVIEW;
    if (review && !caps.hasReview()) {
      return List.of(new UnsupportedField("kind", "exec review"));
    }
    Predicate<String> has = review ? caps::reviewSupports : caps::execSupports;
    String prefix = review ? "exec review " : "";
    boolean sandboxSettable = has.test("--sandbox") || has.test("--config");
    List<UnsupportedField> gaps = new ArrayList<>();
    GapCheck check =
        (field, used, flag) -> {
          if (used && !has.test(flag)) {
            gaps.add(new UnsupportedField(field, prefix + flag));
          }
        };
    // the event stream is needed always; --experimental-json stands in for --json
    check.ifUsed("kind", !has.test("--experimental-json"), "--json");
    check.ifUsed("sandbox", spec.sandbox() != null && !sandboxSettable, "--sandbox");
    check.ifUsed(
        "full_auto", spec.fullAuto() && spec.sandbox() == null && !sandboxSettable, "--full-auto");
    check.ifUsed("model", spec.model() != null, "--model");
    check.ifUsed("config_overrides", !spec.configOverrides().isEmpty(), "--config");
    check.ifUsed("profile", spec.profile() != null, "--profile");
    check.ifUsed("images", !spec.images().isEmpty(), "--image");
    check.ifUsed("enable_features", !spec.enableFeatures().isEmpty(), "--enable");
    check.ifUsed("disable_features", !spec.disableFeatures().isEmpty(), "--disable");
    check.ifUsed("uncommitted", review && spec.review().uncommitted(), "--uncommitted");
    check.ifUsed("base", review && spec.review().base() != null, "--base");
    check.ifUsed("commit", review && spec.review().commit() != null, "--commit");
    check.ifUsed("review_title", review && spec.review().title() != null, "--title");
    check.ifUsed("output_schema", spec.outputSchema() != null, "--output-schema");
    check.ifUsed("skip_git_repo_check", spec.skipGitRepoCheck(), "--skip-git-repo-check");
    if (spec.forkFrom() != null && !caps.hasExecFork()) {
      gaps.add(new UnsupportedField("fork_from", "exec fork"));
    }
    // a verify round that fails resumes the session, so more than one round needs exec resume
    if (spec.verify() != null && spec.verify().rounds() > 1 && !caps.hasExecResume()) {
      gaps.add(new UnsupportedField("verify_rounds", "exec resume"));
    }
    return List.copyOf(gaps);
  }

  private interface GapCheck {
    void ifUsed(String field, boolean used, String flag);
  }

  private static void addSandbox(List<String> argv, TaskSpec spec, Predicate<String> has) {
    Sandbox sandbox = spec.sandbox();
    if (sandbox == null && spec.fullAuto() && has.test("--full-auto")) {
      argv.add("--full-auto");
      return;
    }
    if (sandbox == null && spec.fullAuto()) {
      sandbox = Sandbox.WORKSPACE_WRITE;
    }
    if (sandbox == null) {
      return;
    }
    if (has.test("--sandbox")) {
      addPair(argv, "-s", sandbox.codexName());
    } else {
      addPair(argv, "-c", "sandbox_mode=\"" + sandbox.codexName() + "\"");
    }
  }

  private static void addScope(List<String> argv, TaskSpec spec) {
    if (spec.review().uncommitted()) {
      argv.add("--uncommitted");
    }
    addIfSet(argv, "--base", spec.review().base());
    addIfSet(argv, "--commit", spec.review().commit());
    addIfSet(argv, "--title", spec.review().title());
  }

  private static void addIfSet(List<String> argv, String flag, String value) {
    if (value != null) {
      addPair(argv, flag, value);
    }
  }

  private static void addPair(List<String> argv, String flag, String value) {
    argv.add(flag);
    argv.add(value);
  }
}
