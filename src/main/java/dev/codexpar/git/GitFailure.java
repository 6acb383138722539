package dev.codexpar.git;

/**
 * Why a git operation of codex-par was refused or failed; callers branch on this, never on text.
 */
public enum GitFailure {
  /** No {@code git} could be started. */
  GIT_MISSING,
  /** The installed git lacks what codex-par needs ({@code merge-tree --write-tree}: 2.38). */
  GIT_TOO_OLD,
  /** The folder is not inside a git work tree. */
  NOT_A_REPOSITORY,
  /** The folder is a bare repository: there is nothing to check out from. */
  BARE_REPOSITORY,
  /** The repository has no commit yet: a worktree needs one to start from. */
  NO_COMMIT,
  /** The task's name cannot be part of a git branch name. */
  BAD_BRANCH_NAME,
  /** Merging branches conflicts; {@link GitException#files()} names the files. */
  MERGE_CONFLICT,
  /** Local changes or untracked files in the repository's working tree would be overwritten. */
  WORKING_TREE_IN_THE_WAY,
  /** The repository's HEAD is detached: there is no current branch to merge into. */
  DETACHED_HEAD,
  /** A branch to be created exists already. */
  BRANCH_EXISTS,
  /** The branch to merge into moved while the merge was being computed. */
  BRANCH_MOVED,
  /** A git command took longer than its limit and was stopped. */
  TIMED_OUT,
  /** Any other failure of a git command; the message has git's own words. */
  COMMAND_FAILED
}
