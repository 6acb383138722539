package dev.codexpar.plan;

import dev.codexpar.codex.CodexCapabilities;
import dev.codexpar.model.TaskKind;
import dev.codexpar.model.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Which fields of a task need a flag the installed codex lacks. */
final class CodexCompatibility {
  private CodexCompatibility() {}

  static List<Unsupported> gaps(TaskSpec task, CodexCapabilities caps) {
    List<Unsupported> gaps = new ArrayList<>();
    String codex = "codex " + caps.version();
    if (task.kind() == TaskKind.REVIEW && !caps.hasReview()) {
      gaps.add(new Unsupported("kind", codex + " has no 'exec review'"));
      return gaps;
    }
    boolean review = task.kind() == TaskKind.REVIEW;
    Predicate<String> has = review ? caps::reviewSupports : caps::execSupports;
    String command = review ? "'exec review'" : "'exec'";
    if (!has.test("--json") && !has.test("--experimental-json")) {
      gaps.add(new Unsupported("kind", codex + " " + command + " has no --json event stream"));
    }
    require(gaps, has, codex, command, "model", task.model() != null, "--model");
    require(gaps, has, codex, command, "profile", task.profile() != null, "--profile");
    require(gaps, has, codex, command, "images", !task.images().isEmpty(), "--image");
    require(
        gaps,
        has,
        codex,
        command,
        "config_overrides",
        !task.configOverrides().isEmpty(),
        "--config");
    require(
        gaps, has, codex, command, "enable_features", !task.enableFeatures().isEmpty(), "--enable");
    require(
        gaps,
        has,
        codex,
        command,
        "disable_features",
        !task.disableFeatures().isEmpty(),
        "--disable");
    require(
        gaps, has, codex, command, "output_schema", task.outputSchema() != null, "--output-schema");
    require(gaps, has, codex, command, "worktree", task.worktree(), "--worktree");
    require(
        gaps,
        has,
        codex,
        command,
        "skip_git_repo_check",
        task.skipGitRepoCheck(),
        "--skip-git-repo-check");
    require(gaps, has, codex, command, "uncommitted", task.review().uncommitted(), "--uncommitted");
    require(gaps, has, codex, command, "base", task.review().base() != null, "--base");
    require(gaps, has, codex, command, "commit", task.review().commit() != null, "--commit");
    require(gaps, has, codex, command, "review_title", task.review().title() != null, "--title");
    return gaps;
  }

  private static void require(
      List<Unsupported> gaps,
      Predicate<String> has,
      String codex,
      String command,
      String field,
      boolean used,
      String flag) {
    if (used && !has.test(flag)) {
      gaps.add(new Unsupported(field, codex + " " + command + " has no " + flag));
    }
  }
}
