package dev.codexpar.cli;

import dev.codexpar.git.Git;
import dev.codexpar.git.GitException;
import dev.codexpar.git.Worktrees;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.store.Chunk;
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
    TaskSnapshot task = WorktreeTasks.committed(run, name);
    Worktrees worktrees = new Worktrees(new Git());
    PrintWriter out = spec.commandLine().getOut();
    try {
      long offset = 0;
      Chunk chunk;
      do {
        chunk = worktrees.diff(task.worktree(), stat, offset, Chunk.MAX_BYTES);
        out.print(chunk.text());
        offset = chunk.nextOffset();
      } while (!chunk.atEnd());
    } catch (GitException e) {
      throw WorktreeTasks.failure(e);
    }
    out.flush();
    return ExitCode.OK;
  }
}
