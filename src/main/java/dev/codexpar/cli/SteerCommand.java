package dev.codexpar.cli;

import dev.codexpar.store.RunFolder;
import dev.codexpar.usecase.RunControl;
import dev.codexpar.usecase.RunDirectory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "steer",
    mixinStandardHelpOptions = true,
    description =
        "Send a message into the running turn of a task of the run in the folder (a run started"
            + " with --transport app-server). The run's own codex-par process delivers it: this"
            + " command posts it in the run folder and waits (up to 10 s) for its answer.")
public class SteerCommand implements Callable<Integer> {
  @Mixin DirOption dir;

  @Parameters(index = "0", paramLabel = "NAME", description = "The running task.")
  String task;

  @Parameters(index = "1", paramLabel = "MESSAGE", description = "What to tell it.")
  String message;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    // no run lives in this process: the run is found through its folder, its owner steers it
    new RunControl().steer(RunDirectory.Found.atFolder(new RunFolder(dir.dir())), task, message);
    spec.commandLine().getOut().println("steered task " + task);
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }
}
