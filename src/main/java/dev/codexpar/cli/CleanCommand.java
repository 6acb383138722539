package dev.codexpar.cli;

import dev.codexpar.git.Git;
import dev.codexpar.git.GitException;
import dev.codexpar.git.RunWorktrees;
import dev.codexpar.git.Worktrees;
import dev.codexpar.model.Orphan;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.SafeText;
import dev.codexpar.run.RunOrphans;
import dev.codexpar.store.RunFolder;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
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
            + " shared/, run.meta.json, previous-runs/, and the runs' git worktrees with git"
            + " worktree remove); files it did not write stay. Refused while"
            + " a run is live there.")
public class CleanCommand implements Callable<Integer> {
  @Mixin DirOption dir;

  @Option(
      names = "--kill-orphans",
      description =
          "First stop the codex processes that a killed codex-par left running for this folder's"
              + " run (checked by pid and start time, so a reused pid is never killed).")
  boolean killOrphans;

  @Option(
      names = "--branches",
      description =
          "Also delete the runs' task branches (codex-par/<run_id>/NAME), merged or not; without"
              + " it they stay for merge and review.")
  boolean branches;

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
    List<RunSnapshot> runs = new ArrayList<>();
    readable(folder).ifPresent(runs::add);
    folder.archivedRuns().forEach(earlier -> readable(earlier).ifPresent(runs::add));
    List<String> worktreeLines = new ArrayList<>();
    // Holding the folder's lock while removing keeps a new run from starting halfway.
    try (RunFolder.Ownership owned =
        folder.tryOwn().orElseThrow(() -> new CliException(ExitCode.USAGE, liveRun(folder)))) {
      if (killOrphans) {
        stopped = beforeLock.map(RunOrphans::kill).orElse(List.of());
      }
      Worktrees worktrees = new Worktrees(new Git());
      for (RunSnapshot run : runs) {
        worktreeLines.addAll(
            RunWorktrees.clean(worktrees, run.runId(), run.dir(), run.tasks(), branches));
      }
      cleaned = folder.clean();
    } catch (RunFolder.ForeignFilesException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage());
    } catch (GitException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage() + "; nothing else removed");
    }
    stopped.forEach(o -> out.println(stoppedLine(o)));
    worktreeLines.forEach(out::println);
    if (cleaned.removed().isEmpty() && worktreeLines.isEmpty()) {
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

  /** The run in the folder, for its worktrees; files that cannot be read have none to remove. */
  private static Optional<RunSnapshot> readable(RunFolder folder) {
    try {
      return folder.read();
    } catch (UncheckedIOException e) {
      return Optional.empty();
    }
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
