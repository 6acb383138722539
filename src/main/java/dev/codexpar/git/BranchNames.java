package dev.codexpar.git;

import java.util.Optional;

/**
 * The branch of a task's worktree, {@code codex-par/<run_id>/NAME}. Task names are {@code A-Z a-z
 * 0-9 . _ -}; of those, git refuses a component that starts with a dot, ends with a dot or with
 * {@code .lock}, or holds {@code ..}.
 */
public final class BranchNames {
  static final String PREFIX = "codex-par/";

  private BranchNames() {}

  public static String forTask(String runId, String task) {
    return PREFIX + runId + "/" + task;
  }

  /** The ref namespace of a run's branches, {@code refs/heads/codex-par/<run_id>/}. */
  static String runRefs(String runId) {
    return "refs/heads/" + PREFIX + runId + "/";
  }

  /** Why the name cannot be a branch name component, if it cannot. */
  public static Optional<String> problem(String name) {
    if (name.startsWith(".") || name.endsWith(".") || name.endsWith(".lock")) {
      return Optional.of(
          "'" + name + "' cannot name a git branch (it starts or ends with '.' or ends in .lock)");
    }
    if (name.contains("..")) {
      return Optional.of("'" + name + "' cannot name a git branch (it holds '..')");
    }
    return Optional.empty();
  }
}
