package dev.codexpar.cli;

import dev.codexpar.git.Git;
import dev.codexpar.git.GitException;
import dev.codexpar.git.Repository;
import dev.codexpar.git.Worktrees;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSnapshot;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
    List<TaskSnapshot> tasks = all ? WorktreeTasks.allCommitted(run) : selected(run);
    PrintWriter out = spec.commandLine().getOut();
    if (tasks.isEmpty()) {
      out.println("nothing to merge: no done task of run " + run.runId() + " has a worktree");
      out.flush();
      return ExitCode.OK;
    }
    Set<Path> repositories = new LinkedHashSet<>();
    tasks.forEach(t -> repositories.add(t.worktree().repository()));
    if (repositories.size() > 1) {
      throw new CliException(
          ExitCode.USAGE,
          "the tasks are in "
              + repositories.size()
              + " repositories ("
              + String.join(", ", repositories.stream().map(Path::toString).toList())
              + "): merge the tasks of one repository at a time");
    }
    Git git = new Git();
    Worktrees.MergeResult result;
    try {
      Repository repo = Repository.open(git, repositories.iterator().next());
      result =
          new Worktrees(git)
              .merge(
                  repo,
                  tasks.stream()
                      .map(t -> new Worktrees.TaskHead(t.name(), t.worktree().head()))
                      .toList(),
                  into,
                  squash);
    } catch (GitException e) {
      throw WorktreeTasks.failure(e);
    }
    String what = String.join(", ", tasks.stream().map(TaskSnapshot::name).toList());
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

  /** The named tasks, each once, in dependency order whatever order they were named in. */
  private List<TaskSnapshot> selected(RunSnapshot run) {
    Set<String> wanted = new LinkedHashSet<>();
    names.forEach(name -> wanted.add(WorktreeTasks.committed(run, name).name()));
    return run.tasks().stream().filter(t -> wanted.contains(t.name())).toList();
  }

  private static String shortId(String commit) {
    return commit.substring(0, Math.min(12, commit.length()));
  }
}
