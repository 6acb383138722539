package dev.codexpar.cli;

import dev.codexpar.git.Worktrees;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.usecase.TaskBranches;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "merge",
    mixinStandardHelpOptions = true,
    description =
        "Merge the branches of done worktree tasks into the repository's current branch (or a new"
            + " one), in dependency order, all or nothing: on a conflict it stops, names the task"
            + " and files, and leaves the repository exactly as it was. Exit 0 merged, 2 usage,"
            + " 3 refused (conflict, or local changes in the way).")
public class MergeCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME", arity = "0..*", description = "The tasks to merge.")
  List<String> names = new ArrayList<>();

  @Option(names = "--all", description = "Every done task with a worktree.")
  boolean all;

  @Option(
      names = "--into",
      paramLabel = "BRANCH",
      description =
          "Create BRANCH (from HEAD) with the merge, leaving the current branch and working tree"
              + " alone.")
  String into;

  @Option(
      names = "--squash",
      description = "One commit on top of the branch instead of the tasks' commits and merges.")
  boolean squash;

  @Mixin DirOption dir;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (all == !names.isEmpty()) {
      throw new CliException(ExitCode.USAGE, "name the tasks to merge, or give --all (not both)");
    }
    RunSnapshot run = WorktreeTasks.read(dir);
    TaskBranches.Merged merged =
        WorktreeTasks.refusedAs(
            () ->
                new TaskBranches()
                    .merge(run, all ? List.of() : names, Optional.ofNullable(into), squash));
    PrintWriter out = spec.commandLine().getOut();
    if (merged.tasks().isEmpty()) {
      out.println("nothing to merge: no done task of run " + run.runId() + " has a worktree");
      out.flush();
      return ExitCode.OK;
    }
    Worktrees.MergeResult result = merged.result();
    String what = String.join(", ", merged.tasks());
    if (result.created()) {
      out.println(
          "created branch " + result.branch() + " at " + shortId(result.head()) + ": " + what);
    } else if (result.head().equals(result.previous())) {
      out.println("nothing to merge: " + what + " already in " + result.branch());
    } else {
      out.println(
          "merged "
              + what
              + " into "
              + result.branch()
              + " ("
              + shortId(result.previous())
              + ".."
              + shortId(result.head())
              + ")");
    }
    out.flush();
    return ExitCode.OK;
  }

  private static String shortId(String commit) {
    return commit.substring(0, Math.min(12, commit.length()));
  }
}
