package dev.codexpar.usecase;

import dev.codexpar.git.Git;
import dev.codexpar.git.GitException;
import dev.codexpar.git.Repository;
import dev.codexpar.git.Worktrees;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.plan.Suggest;
import dev.codexpar.store.Chunk;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The work of {@code worktree: true} tasks as branches: a done task's change (its diff) and the
 * merge of a selection of them, for both doors ({@code diff}/{@code merge}, MCP {@code get_diff}/
 * {@code merge_tasks}).
 */
public final class TaskBranches {
  private final Worktrees worktrees;

  public TaskBranches(Worktrees worktrees) {
    this.worktrees = worktrees;
  }

  public TaskBranches() {
    this(new Worktrees(new Git()));
  }

  /** A chunk of the task's change (base..head), as a patch or (stat) as {@code git diff --stat}. */
  public Chunk diff(RunSnapshot run, String task, boolean stat, long offset, int maxBytes) {
    if (offset < 0) {
      throw Refusal.invalid("offset must be 0 or more, got " + offset);
    }
    if (maxBytes < 1) {
      throw Refusal.invalid("max_bytes must be at least 1, got " + maxBytes);
    }
    TaskSnapshot t = committed(run, task);
    try {
      return worktrees.diff(t.worktree(), stat, offset, Math.min(maxBytes, Chunk.MAX_BYTES));
    } catch (GitException e) {
      throw refusal(e);
    }
  }

  /** What a merge did: the tasks merged (in dependency order) and git's result. */
  public record Merged(List<String> tasks, Worktrees.MergeResult result) {
    public boolean nothing() {
      return tasks.isEmpty() || (!result.created() && result.head().equals(result.previous()));
    }
  }

  /**
   * Merges the named tasks' branches (empty: every done task with a committed change) into the
   * repository's current branch, or into the new branch {@code into}, in dependency order, all or
   * nothing.
   *
   * @throws Refusal {@link Refusal.Kind#MERGE_REFUSED} on a conflict or local changes in the way
   *     (the repository left as it was), {@link Refusal.Kind#TASK_NOT_FOUND}, {@link
   *     Refusal.Kind#NO_WORKTREE_CHANGE}, {@link Refusal.Kind#INVALID_ARGUMENT} (tasks of several
   *     repositories)
   */
  public Merged merge(RunSnapshot run, List<String> names, Optional<String> into, boolean squash) {
    List<TaskSnapshot> tasks = names.isEmpty() ? allCommitted(run) : selected(run, names);
    if (tasks.isEmpty()) {
      return new Merged(List.of(), null);
    }
    Set<Path> repositories = new LinkedHashSet<>();
    tasks.forEach(t -> repositories.add(t.worktree().repository()));
    if (repositories.size() > 1) {
      throw Refusal.invalid(
          "the tasks are in "
              + repositories.size()
              + " repositories ("
              + String.join(", ", repositories.stream().map(Path::toString).toList())
              + "): merge the tasks of one repository at a time");
    }
    try {
      Repository repo = Repository.open(worktrees.git(), repositories.iterator().next());
      Worktrees.MergeResult result =
          worktrees.merge(
              repo,
              tasks.stream()
                  .map(t -> new Worktrees.TaskHead(t.name(), t.worktree().head()))
                  .toList(),
              into.orElse(null),
              squash);
      return new Merged(tasks.stream().map(TaskSnapshot::name).toList(), result);
    } catch (GitException e) {
      throw refusal(e);
    }
  }

  /** The named tasks, each once, in dependency order whatever order they were named in. */
  private static List<TaskSnapshot> selected(RunSnapshot run, List<String> names) {
    Set<String> wanted = new LinkedHashSet<>();
    names.forEach(name -> wanted.add(committed(run, name).name()));
    return run.tasks().stream().filter(t -> wanted.contains(t.name())).toList();
  }

  /** Every task of the run whose change is committed, in dependency order (by wave). */
  private static List<TaskSnapshot> allCommitted(RunSnapshot run) {
    return run.tasks().stream()
        .filter(t -> t.status() == TaskStatus.DONE)
        .filter(t -> t.worktree() != null && t.worktree().committed())
        .toList();
  }

  /** The named task, done with its change committed on its branch. */
  private static TaskSnapshot committed(RunSnapshot run, String name) {
    TaskSnapshot task =
        run.task(name)
            .orElseThrow(
                () -> {
                  List<String> names = run.tasks().stream().map(TaskSnapshot::name).toList();
                  return new Refusal(
                      Refusal.Kind.TASK_NOT_FOUND,
                      "run "
                          + run.runId()
                          + " has no task '"
                          + name
                          + "'"
                          + Suggest.didYouMean(name, names)
                          + " (its tasks: "
                          + String.join(", ", names)
                          + ")");
                });
    if (task.worktree() == null) {
      throw new Refusal(
          Refusal.Kind.NO_WORKTREE_CHANGE,
          "task " + name + " has no worktree (a task gets one with worktree: true)");
    }
    if (task.status() != TaskStatus.DONE || !task.worktree().committed()) {
      throw new Refusal(
          Refusal.Kind.NO_WORKTREE_CHANGE,
          "task "
              + name
              + " is "
              + task.status().wireName()
              + ": only a done task's change is committed on "
              + task.worktree().branch());
    }
    return task;
  }

  /**
   * A git refusal: {@link Refusal.Kind#MERGE_REFUSED} when the repository was left as it was
   * because of a conflict or local changes (its task and files in the message), else invalid.
   */
  private static Refusal refusal(GitException e) {
    return switch (e.kind()) {
      case MERGE_CONFLICT, WORKING_TREE_IN_THE_WAY, BRANCH_MOVED ->
          new Refusal(Refusal.Kind.MERGE_REFUSED, e.getMessage());
      default -> Refusal.invalid(e.getMessage());
    };
  }
}
