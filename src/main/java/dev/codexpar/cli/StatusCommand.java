package dev.codexpar.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexpar.model.Orphan;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.run.RunRegistry;
import dev.codexpar.store.Json;
import dev.codexpar.store.RunFolder;
import dev.codexpar.ui.StatusTable;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
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

  @Inject RunRegistry registry;

  @Override
  public Integer call() throws Exception {
    RunFolder folder = new RunFolder(dir.dir());
    RunSnapshot run =
        folder
            .read()
            .orElseThrow(() -> new CliException(ExitCode.USAGE, "no run in " + folder.root()));
    var out = spec.commandLine().getOut();
    List<Orphan> orphans = registry.orphansOf(run);
    if (json) {
      ObjectNode tree = Json.MAPPER.valueToTree(run);
      tree.set("orphans", Json.MAPPER.valueToTree(orphans));
      out.println(Json.MAPPER.writeValueAsString(tree));
    } else {
      StatusTable.render(run, Instant.now()).forEach(out::println);
      for (Orphan orphan : orphans) {
        out.printf(
            "orphan: task %s left codex pid %d running; `codex-par clean --kill-orphans --dir %s`"
                + " stops it%n",
            orphan.task(), orphan.pid(), folder.root());
      }
    }
    out.flush();
    return ExitCode.OK;
  }
}
