package dev.codexpar.cli;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.store.Chunk;
import dev.codexpar.usecase.TaskBranches;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description =
        "Print what a done worktree task changed: the diff of its branch from its base (base..head)."
            + " Exit 0; 2 for an unknown task or one without a committed change.")
public class DiffCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME", description = "The task.")
  String name;

  @Option(names = "--stat", description = "Only the files and their added/removed line counts.")
  boolean stat;

  @Mixin DirOption dir;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    RunSnapshot run = WorktreeTasks.read(dir);
    TaskBranches branches = new TaskBranches();
    PrintWriter out = spec.commandLine().getOut();
    long offset = 0;
    Chunk chunk;
    do {
      long from = offset;
      chunk = WorktreeTasks.refusedAs(() -> branches.diff(run, name, stat, from, Chunk.MAX_BYTES));
      out.print(chunk.text());
      offset = chunk.nextOffset();
    } while (!chunk.atEnd());
    out.flush();
    return ExitCode.OK;
  }
}
