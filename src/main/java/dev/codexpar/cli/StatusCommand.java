package dev.codexpar.cli;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.store.Json;
import dev.codexpar.store.RunFolder;
import dev.codexpar.ui.StatusTable;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show a run and its tasks, read from the run folder (live or finished).")
public class StatusCommand implements Callable<Integer> {
  @Mixin DirOption dir;

  @Option(names = "--json", description = "Print the machine-readable state.")
  boolean json;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    RunFolder folder = new RunFolder(dir.dir());
    RunSnapshot run =
        folder
            .read()
            .orElseThrow(() -> new CliException(ExitCode.USAGE, "no run in " + folder.root()));
    var out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.MAPPER.writeValueAsString(run));
    } else {
      StatusTable.render(run, Instant.now()).forEach(out::println);
    }
    out.flush();
    return ExitCode.OK;
  }
}
