package dev.codexpar.cli;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.run.Run;
import dev.codexpar.run.RunOptions;
import dev.codexpar.run.RunRegistry;
import dev.codexpar.store.RunFolder;
import dev.codexpar.usecase.FollowUps;
import dev.codexpar.usecase.RunDirectory;
import dev.codexpar.usecase.RunReads;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "ask",
    mixinStandardHelpOptions = true,
    description =
        "Ask a finished task of the run in the folder a follow-up: its codex session goes on with"
            + " PROMPT as a new turn in its folder. Prints the turn's progress like run, then the"
            + " new answer (outputs/NAME.md; the earlier one stays as outputs/NAME.turn-N.md).")
public class AskCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "The task to ask.")
  String task;

  @Parameters(index = "1", paramLabel = "PROMPT", description = "What to ask or tell it.")
  String prompt;

  @Mixin DirOption dir;
  @Mixin CodexOption codex;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    CodexOption.Resolved resolved = codex.resolve();
    RunOptions options =
        new RunOptions(
            RunOptions.DEFAULT_MAX_PARALLEL,
            true,
            false,
            resolved.binary(),
            Map.of(),
            RunOptions.DEFAULT_KILL_GRACE);
    RunFolder folder = new RunFolder(dir.dir());
    // This process's own registry (see RunCommand): the reopened run is the only one it holds.
    try (RunRegistry registry = new RunRegistry()) {
      Run run =
          new FollowUps(registry)
              .followUp(
                  RunDirectory.Found.atFolder(folder),
                  task,
                  prompt,
                  options,
                  resolved.caps(),
                  RunWatch.changeLines(out, Optional.empty()));
      int code = RunWatch.follow(run, out, Optional.empty());
      if (code == ExitCode.INTERRUPTED) {
        return code;
      }
      RunSnapshot last = run.snapshot();
      printAnswer(out, folder.output(task));
      return RunReads.task(last, task).status() == TaskStatus.DONE
          ? ExitCode.OK
          : ExitCode.TASKS_FAILED;
    }
  }

  private static void printAnswer(PrintWriter out, Path output) throws IOException {
    if (Files.isRegularFile(output)) {
      out.println("--- " + output);
      out.println(Files.readString(output));
    }
    out.flush();
  }
}
