package dev.codexpar.cli;

import dev.codexpar.store.RunFolder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

@Command(
    name = "clean",
    mixinStandardHelpOptions = true,
    description =
        "Remove what codex-par wrote in the run folder (outputs/, logs/, shared/, run.meta.json,"
            + " previous-runs/). Refused while a run is live there.")
public class CleanCommand implements Callable<Integer> {
  @Mixin DirOption dir;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    RunFolder folder = new RunFolder(dir.dir());
    List<Path> removed;
    // Holding the folder's lock while removing keeps a new run from starting halfway.
    try (RunFolder.Ownership owned =
        folder
            .tryOwn()
            .orElseThrow(
                () ->
                    new CliException(
                        ExitCode.USAGE,
                        "a run is live in " + folder.root() + "; cancel it first"))) {
      removed = folder.clean();
    }
    var out = spec.commandLine().getOut();
    if (removed.isEmpty()) {
      out.println("nothing to clean in " + folder.root());
    }
    removed.forEach(p -> out.println("removed " + p));
    out.flush();
    return ExitCode.OK;
  }
}
