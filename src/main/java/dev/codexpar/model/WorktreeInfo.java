package dev.codexpar.model;

import java.nio.file.Path;

/**
 * A task's git worktree, made by codex-par for a {@code worktree: true} task.
 *
 * @param repository the top folder of the repository the task's {@code cwd} is in
 * @param path the worktree ({@code <run dir>/worktrees/NAME})
 * @param branch {@code codex-par/<run_id>/NAME}
 * @param base the commit the worktree started from (HEAD at run start, or the merge of the
 *     dependencies' heads)
 * @param head the branch's commit after the task's changes were committed; null until then
 * @param filesChanged files changed between base and head
 * @param insertions lines added between base and head
 * @param deletions lines removed between base and head
 */
public record WorktreeInfo(
    Path repository,
    Path path,
    String branch,
    String base,
    String head,
    int filesChanged,
    long insertions,
    long deletions) {

  /** A worktree just made: nothing committed yet. */
  public static WorktreeInfo created(Path repository, Path path, String branch, String base) {
    return new WorktreeInfo(repository, path, branch, base, null, 0, 0, 0);
  }

  /** Whether the task's changes were committed (its head is known). */
  public boolean committed() {
    return head != null;
  }

  public WorktreeInfo withChange(String newHead, int files, long added, long removed) {
    return new WorktreeInfo(repository, path, branch, base, newHead, files, added, removed);
  }
}
