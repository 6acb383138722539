package dev.codexpar.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexpar.model.Orphan;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.RunStatus;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.run.RunOrphans;
import dev.codexpar.store.Json;
import dev.codexpar.store.RunFolder;
import dev.codexpar.ui.ChangeLog;
import dev.codexpar.ui.Dashboard;
import dev.codexpar.ui.FolderWatch;
import dev.codexpar.ui.LiveDashboard;
import dev.codexpar.ui.TerminalScreen;
import dev.codexpar.ui.TimeOfDay;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Show a run and its tasks, read from the run folder (live or finished): one dashboard"
            + " frame, plain when stdout is no terminal.")
public class StatusCommand implements Callable<Integer> {
  @Mixin DirOption dir;

  @Option(names = "--json", description = "Print the machine-readable state.")
  boolean json;

  @Option(
      names = {"-w", "--watch"},
      paramLabel = "SECS",
      description =
          "Keep the dashboard current, reading the run's files every SECS seconds (e.g. 2 or"
              + " 0.5), until every task is final; exit 0 if all are done, 1 otherwise. When"
              + " stdout is no terminal, print one line per task change instead.")
  Double watchSeconds;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    RunFolder folder = new RunFolder(dir.dir());
    RunSnapshot run =
        folder
            .read()
            .orElseThrow(() -> new CliException(ExitCode.USAGE, "no run in " + folder.root()));
    PrintWriter out = spec.commandLine().getOut();
    if (watchSeconds != null) {
      if (json) {
        throw new CliException(ExitCode.USAGE, "--watch and --json do not go together");
      }
      if (!(watchSeconds > 0)) {
        throw new CliException(ExitCode.USAGE, "--watch takes a number of seconds above 0");
      }
      return watch(folder, out, Duration.ofMillis(Math.max(1, Math.round(watchSeconds * 1000))));
    }
    List<Orphan> orphans = RunOrphans.of(run);
    if (json) {
      ObjectNode tree = Json.MAPPER.valueToTree(run);
      tree.set("orphans", Json.MAPPER.valueToTree(orphans));
      out.println(Json.MAPPER.writeValueAsString(tree));
    } else {
      printFrame(run, out);
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

  /** One frame: as wide as the terminal and in colour there, else plain and full. */
  private static void printFrame(RunSnapshot run, PrintWriter out) {
    Clock clock = Clock.systemUTC();
    Dashboard dashboard = new Dashboard(ZoneId.systemDefault(), "");
    Optional<TerminalScreen> screen = TerminalScreen.open(System.getenv());
    try {
      List<String> lines =
          screen
              .map(
                  s ->
                      dashboard.frame(
                          run,
                          clock.instant(),
                          s.size().getColumns(),
                          Integer.MAX_VALUE,
                          s.colour()))
              .orElseGet(() -> dashboard.plain(run, clock.instant()));
      lines.forEach(out::println);
      out.flush();
    } finally {
      screen.ifPresent(TerminalScreen::close);
    }
  }

  private int watch(RunFolder folder, PrintWriter out, Duration interval) throws Exception {
    Clock clock = Clock.systemUTC();
    FolderWatch files = new FolderWatch(folder, interval, clock);
    Optional<TerminalScreen> screen = TerminalScreen.open(System.getenv());
    try {
      RunSnapshot last;
      if (screen.isPresent()) {
        Thread watcher = Thread.currentThread();
        screen.get().onInterrupt(watcher::interrupt);
        LiveDashboard live =
            new LiveDashboard(
                new Dashboard(ZoneId.systemDefault(), "Ctrl+C stops watching (the run goes on)"),
                screen.get(),
                clock);
        try {
          last = live.watch(files.read(), files);
        } catch (InterruptedException e) {
          return ExitCode.INTERRUPTED;
        }
        live.finish(last);
      } else {
        last = logChanges(files, out, clock);
      }
      return last.tasks().stream().allMatch(t -> t.status() == TaskStatus.DONE)
          ? ExitCode.OK
          : ExitCode.TASKS_FAILED;
    } catch (NoSuchElementException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage());
    } finally {
      screen.ifPresent(TerminalScreen::close);
    }
  }

  /** Without a terminal: the plain log, one line per task change, then the final table. */
  private static RunSnapshot logChanges(FolderWatch files, PrintWriter out, Clock clock)
      throws InterruptedException {
    ChangeLog log = new ChangeLog(TimeOfDay.local());
    RunSnapshot seen = null;
    RunSnapshot run = files.read();
    while (true) {
      log.changes(seen, run, clock.instant()).forEach(out::println);
      out.flush();
      if (run.status() != RunStatus.RUNNING) {
        break;
      }
      seen = run;
      run = files.next(run, Duration.ofSeconds(1));
    }
    Dashboard dashboard = new Dashboard(ZoneId.systemDefault(), "");
    dashboard.plain(run, clock.instant()).forEach(out::println);
    dashboard.summary(run, clock.instant()).forEach(out::println);
    out.flush();
    return run;
  }
}
