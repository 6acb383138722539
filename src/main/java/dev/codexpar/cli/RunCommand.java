package dev.codexpar.cli;

import dev.codexpar.codex.ArgvBuilder;
import dev.codexpar.model.Orphan;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.plan.DurationText;
import dev.codexpar.plan.Plan;
import dev.codexpar.plan.PlanLoader;
import dev.codexpar.run.Run;
import dev.codexpar.run.RunOptions;
import dev.codexpar.run.RunOrphans;
import dev.codexpar.run.RunRegistry;
import dev.codexpar.store.RunFolder;
import dev.codexpar.ui.ChangeLog;
import dev.codexpar.ui.Dashboard;
import dev.codexpar.ui.LiveDashboard;
import dev.codexpar.ui.TerminalScreen;
import dev.codexpar.ui.TimeOfDay;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run the tasks of a tasks.yaml: each starts as soon as its dependencies are done and a"
            + " slot is free. Prints one line per state change.")
public class RunCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "The tasks file (YAML).")
  Path file;

  @Mixin DirOption dir;
  @Mixin CodexOption codex;

  @Option(
      names = {"-j", "--max-parallel"},
      paramLabel = "N",
      defaultValue = "" + RunOptions.DEFAULT_MAX_PARALLEL,
      description =
          "At most N codex processes at once, 1-"
              + RunOptions.MAX_PARALLEL_LIMIT
              + " (default: ${DEFAULT-VALUE}).")
  int maxParallel;

  @Option(
      names = "--keep-going",
      description =
          "After a failure, skip only the failed task's dependants (default: start nothing new).")
  boolean keepGoing;

  @Option(
      names = "--dry-run",
      description =
          "Validate, then print the waves and each task's exact codex argv; start nothing.")
  boolean dryRun;

  @Option(
      names = "--stagger",
      paramLabel = "DURATION",
      defaultValue = "2ms",
      description =
          "Least time between two codex starts (default: ${DEFAULT-VALUE}); codex processes"
              + " sharing one CODEX_HOME can collide on its database when started together.")
  String stagger;

  @Option(
      names = "--resume",
      description =
          "Run again in the folder of an earlier run, keeping its done tasks and their outputs;"
              + " only failed, skipped, cancelled and interrupted tasks run.")
  boolean resume;

  @Option(
      names = "--rerun",
      paramLabel = "NAME",
      split = ",",
      description =
          "With --resume (implied): also run these tasks again, and every task downstream of"
              + " them.")
  Set<String> rerun = Set.of();

  @Option(
      names = "--kill-orphans",
      description =
          "First stop the codex processes that the folder's earlier run left running when its"
              + " codex-par was killed (checked by pid and start time). Without it such a run is"
              + " refused: they would keep writing into this run's outputs/.")
  boolean killOrphans;

  @Option(
      names = "--dashboard",
      description =
          "On a terminal, show a live dashboard redrawn in place (tasks by wave, figures, last"
              + " action) and a summary at the end. Without a terminal (a pipe, a file) the plain"
              + " log is printed as without this option.")
  boolean dashboard;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (maxParallel < 1 || maxParallel > RunOptions.MAX_PARALLEL_LIMIT) {
      throw new CliException(
          ExitCode.USAGE,
          "--max-parallel must be between 1 and "
              + RunOptions.MAX_PARALLEL_LIMIT
              + ", got "
              + maxParallel);
    }
    PrintWriter out = spec.commandLine().getOut();
    CodexOption.Resolved resolved = codex.resolve();
    Plan plan = new PlanLoader().load(file, resolved.caps());
    if (dryRun) {
      printDryRun(out, plan, resolved, new RunFolder(dir.dir()));
      return ExitCode.OK;
    }
    RunOptions options =
        new RunOptions(
                maxParallel,
                keepGoing,
                false,
                resolved.binary(),
                Map.of(),
                RunOptions.DEFAULT_KILL_GRACE)
            .withStartGap(
                DurationText.parse(stagger)
                    .orElseThrow(
                        () ->
                            new CliException(
                                ExitCode.USAGE,
                                "--stagger: '" + stagger + "' is not a duration like 5ms or 1s")));
    // the screen takes SIGINT over when it opens; the run's own handlers are installed after it
    Optional<TerminalScreen> screen =
        dashboard ? TerminalScreen.open(System.getenv()) : Optional.empty();
    try {
      return run(plan, resolved, options, out, screen);
    } finally {
      screen.ifPresent(TerminalScreen::close);
    }
  }

  private int run(
      Plan plan,
      CodexOption.Resolved resolved,
      RunOptions options,
      PrintWriter out,
      Optional<TerminalScreen> screen)
      throws InterruptedException {
    List<String> opening = new ArrayList<>(earlierRun(new RunFolder(dir.dir()), killOrphans));
    opening.add(
        String.format(
            "%d tasks in %d waves, up to %d at once, in %s",
            plan.tasks().size(), plan.waveCount(), maxParallel, dir.dir()));
    Lines lines = new Lines(out, opening);
    ChangeLog log = new ChangeLog(TimeOfDay.local());
    Consumer<TaskSnapshot> onChange =
        screen.isPresent() ? t -> {} : t -> lines.print(log.line(t, Instant.now()));
    // This process's own registry: the command runs without Quarkus (see Main), and the run is the
    // only one it holds; closing it stops its threads (the run is over by then).
    try (RunRegistry registry = new RunRegistry()) {
      Run run;
      try {
        run =
            resume || !rerun.isEmpty()
                ? registry.resume(plan, dir.dir(), rerun, options, resolved.caps(), onChange)
                : registry.start(plan, dir.dir(), options, resolved.caps(), onChange);
      } catch (RunRegistry.FolderBusyException | IllegalArgumentException e) {
        throw new CliException(ExitCode.USAGE, e.getMessage());
      }
      lines.open();
      return follow(run, out, screen);
    }
  }

  /** Waits for the run's end (cancelling it on a signal) and returns the command's exit code. */
  private int follow(Run run, PrintWriter out, Optional<TerminalScreen> screen)
      throws InterruptedException {
    AtomicReference<String> interruptedBy = new AtomicReference<>();
    try (Interrupts ignored =
        Interrupts.install(
            signal -> {
              if (interruptedBy.compareAndSet(null, signal)) {
                run.cancel("cancelled: codex-par received SIG" + signal).subscribe().with(s -> {});
              }
            })) {
      Dashboard frames = new Dashboard(ZoneId.systemDefault(), "Ctrl+C cancels the run");
      RunSnapshot last;
      if (screen.isPresent()) {
        LiveDashboard live = new LiveDashboard(frames, screen.get(), Clock.systemUTC());
        live.watch(
            run.snapshot(), (seen, atMost) -> run.awaitChange(seen.version(), atMost.toMillis()));
        last = run.completion().await().indefinitely();
        live.finish(last);
      } else {
        last = run.completion().await().indefinitely();
        frames.plain(last, Instant.now()).forEach(out::println);
        out.flush();
      }
      if (interruptedBy.get() != null) {
        return ExitCode.INTERRUPTED;
      }
      return last.tasks().stream().allMatch(t -> t.status() == TaskStatus.DONE)
          ? ExitCode.OK
          : ExitCode.TASKS_FAILED;
    }
  }

  /**
   * A folder's earlier run is moved aside by the new one: what to say about it (read before the new
   * run moves it). Codex processes it left running would write into the new run's files: they are
   * stopped first when asked, else the run is refused.
   */
  private static List<String> earlierRun(RunFolder folder, boolean killOrphans) {
    Optional<RunSnapshot> earlier = folder.isLive() ? Optional.empty() : folder.read();
    if (earlier.isEmpty()) {
      return List.of();
    }
    RunSnapshot run = earlier.get();
    List<String> lines = new ArrayList<>();
    if (killOrphans) {
      RunOrphans.kill(run).forEach(stopped -> lines.add(CleanCommand.stoppedLine(stopped)));
    } else {
      List<Orphan> orphans = RunOrphans.of(run);
      if (!orphans.isEmpty()) {
        throw new CliException(
            ExitCode.USAGE,
            "the earlier run "
                + run.runId()
                + " in "
                + folder.root()
                + " left codex running ("
                + orphans.stream()
                    .map(o -> "task " + o.task() + ": pid " + o.pid())
                    .collect(Collectors.joining(", "))
                + "), which would write into this run's files; add --kill-orphans to stop it"
                + " first");
      }
    }
    lines.add(
        String.format(
            "earlier run %s (%s) is moved to %s",
            run.runId(), run.status().wireName(), folder.archiveTarget()));
    return lines;
  }

  /**
   * The command's lines: the opening ones (the earlier run moved aside, the plan) first, said by
   * whichever comes first, the run once started or its first change (printed from the engine's
   * threads while it starts). A refused run (folder busy, unknown --rerun name, someone else's
   * files) moved and started nothing, and says nothing of the kind.
   */
  private static final class Lines {
    private final PrintWriter out;
    private List<String> opening;

    Lines(PrintWriter out, List<String> opening) {
      this.out = out;
      this.opening = opening;
    }

    synchronized void open() {
      if (opening != null) {
        opening.forEach(out::println);
        opening = null;
        out.flush();
      }
    }

    synchronized void print(String line) {
      open();
      out.println(line);
      out.flush();
    }
  }

  private static void printDryRun(
      PrintWriter out, Plan plan, CodexOption.Resolved codex, RunFolder folder) {
    out.printf("codex %s at %s%n", codex.caps().version(), codex.binary());
    for (int wave = 0; wave < plan.waveCount(); wave++) {
      int w = wave;
      List<TaskSpec> inWave =
          plan.tasks().stream().filter(t -> plan.waves().get(t.name()) == w).toList();
      out.printf("wave %d:%n", wave);
      for (TaskSpec task : inWave) {
        List<String> argv =
            ArgvBuilder.build(task, codex.caps(), codex.binary(), folder.output(task.name()));
        out.printf("  %s (cwd %s)%n    %s%n", task.name(), task.cwd(), ShellQuote.join(argv));
      }
    }
    out.flush();
  }
}
