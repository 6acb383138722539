package dev.codexpar.cli;

import dev.codexpar.git.GitException;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.plan.Suggest;
import dev.codexpar.store.RunFolder;
import java.util.List;

/** The tasks with worktrees of the run in a folder, as {@code diff} and {@code merge} read them. */
final class WorktreeTasks {
  private WorktreeTasks() {}

  static RunSnapshot read(DirOption dir) {
    RunFolder folder = new RunFolder(dir.dir());
    return folder
        .read()
        .orElseThrow(() -> new CliException(ExitCode.USAGE, "no run in " + folder.root()));
  }

  /** The named task, done with its change committed on its branch; else a usage error. */
  static TaskSnapshot committed(RunSnapshot run, String name) {
    TaskSnapshot task =
        run.task(name)
            .orElseThrow(
                () -> {
                  List<String> names = run.tasks().stream().map(TaskSnapshot::name).toList();
                  return new CliException(
                      ExitCode.USAGE,
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
      throw new CliException(
          ExitCode.USAGE,
          "task " + name + " has no worktree (a task gets one with worktree: true)");
    }
    if (task.status() != TaskStatus.DONE || !task.worktree().committed()) {
      throw new CliException(
          ExitCode.USAGE,
          "task "
              + name
              + " is "
              + task.status().wireName()
              + ": only a done task's change is committed on "
              + task.worktree().branch());
    }
    return task;
  }

  /** Every task of the run whose change is committed, in dependency order (by wave). */
  static List<TaskSnapshot> allCommitted(RunSnapshot run) {
    return run.tasks().stream()
        .filter(t -> t.status() == TaskStatus.DONE)
        .filter(t -> t.worktree() != null && t.worktree().committed())
        .toList();
  }

  /**
   * A git refusal as a command's failure: {@link ExitCode#MERGE_REFUSED} when the repository was
   * left as it was because of a conflict or local changes, else a usage error.
   */
  static CliException failure(GitException e) {
    int code =
        switch (e.kind()) {
          case MERGE_CONFLICT, WORKING_TREE_IN_THE_WAY, BRANCH_MOVED -> ExitCode.MERGE_REFUSED;
          default -> ExitCode.USAGE;
        };
    return new CliException(code, e.getMessage());
  }
}
