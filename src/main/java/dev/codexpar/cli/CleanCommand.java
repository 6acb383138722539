package dev.codexpar.cli;

import dev.codexpar.model.Orphan;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.SafeText;
import dev.codexpar.run.RunOrphans;
import dev.codexpar.store.RunFolder;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "clean",
    mixinStandardHelpOptions = true,
    description =
        "Remove what codex-par wrote in the run folder (its tasks' files in outputs/, logs/ and"
            + " shared/, run.meta.json, previous-runs/); files it did not write stay. Refused while"
            + " a run is live there.")
public class CleanCommand implements Callable<Integer> {
  @Mixin DirOption dir;

  @Option(
      names = "--kill-orphans",
      description =
          "First stop the codex processes that a killed codex-par left running for this folder's"
              + " run (checked by pid and start time, so a reused pid is never killed).")
  boolean killOrphans;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    RunFolder folder = new RunFolder(dir.dir());
    var out = spec.commandLine().getOut();
    if (!Files.isDirectory(folder.root())) {
      out.println("nothing to clean in " + folder.root());
      out.flush();
      return ExitCode.OK;
    }
    RunFolder.Cleaned cleaned;
    List<Orphan> stopped = List.of();
    // Read before taking the lock: while this process holds it, the run would read as live.
    Optional<RunSnapshot> beforeLock = killOrphans ? folder.read() : Optional.empty();
    // Holding the folder's lock while removing keeps a new run from starting halfway.
    try (RunFolder.Ownership owned =
        folder.tryOwn().orElseThrow(() -> new CliException(ExitCode.USAGE, liveRun(folder)))) {
      if (killOrphans) {
        stopped = beforeLock.map(RunOrphans::kill).orElse(List.of());
      }
      cleaned = folder.clean();
    } catch (RunFolder.ForeignFilesException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage());
    }
    stopped.forEach(o -> out.println(stoppedLine(o)));
    if (cleaned.removed().isEmpty()) {
      out.println("nothing to clean in " + folder.root());
    }
    cleaned.removed().forEach(p -> out.println("removed " + p));
    cleaned
        .kept()
        .forEach(
            p -> out.println("kept " + SafeText.printable(p.toString()) + " (not codex-par's)"));
    out.flush();
    return ExitCode.OK;
  }

  /** What `clean --kill-orphans` and `run --kill-orphans` say of each orphan they stopped. */
  static String stoppedLine(Orphan orphan) {
    return "stopped orphan codex pid " + orphan.pid() + " (task " + orphan.task() + ")";
  }

  /** Refusal for a live run: who owns it and how to stop it (the CLI has no cancel command). */
  private static String liveRun(RunFolder folder) {
    String owner =
        folder
            .readRunMeta()
            .filter(run -> run.ownerPid() != null)
            .map(
                run ->
                    " (codex-par pid "
                        + run.ownerPid()
                        + "; stop it with Ctrl+C where it runs, kill -TERM "
                        + run.ownerPid()
                        + ", or cancel_run if an MCP server runs it)")
            .orElse("");
    return "a run is live in " + folder.root() + owner + "; nothing removed";
  }
}
