package dev.codexpar.cli;

import dev.codexpar.codex.ArgvBuilder;
import dev.codexpar.model.AppServerHost;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.Transport;
import dev.codexpar.plan.DurationText;
import dev.codexpar.plan.Plan;
import dev.codexpar.plan.PlanLoader;
import dev.codexpar.run.PlanEstimate;
import dev.codexpar.run.RunOptions;
import dev.codexpar.run.RunRegistry;
import dev.codexpar.store.DurationHistory;
import dev.codexpar.store.JsonWriters;
import dev.codexpar.store.RunFolder;
import dev.codexpar.ui.TerminalScreen;
import dev.codexpar.ui.Units;
import dev.codexpar.usecase.RunDirectory;
import dev.codexpar.usecase.Runs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
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
      names = "--transport",
      paramLabel = "exec|app-server",
      description =
          "How tasks reach codex: exec (one codex exec per task, the default) or app-server (each"
              + " task a thread of a codex app-server of its own, which `steer` can talk to while"
              + " it runs); overrides the tasks file's transport:.")
  String transport;

  @Option(
      names = "--host",
      paramLabel = "URL",
      description =
          "A codex app-server to run tasks on (ws://HOST:PORT or wss://...; repeatable), with"
              + " -j slots each; implies --transport app-server. A task's cwd is a path there.")
  List<String> hostUrls = new ArrayList<>();

  @Option(
      names = "--host-token-env",
      paramLabel = "VAR",
      description =
          "The environment variable holding the --host app-servers' bearer token (its value is"
              + " sent only in the connection's header, never written anywhere).")
  String hostTokenEnv;

  @Option(
      names = "--keep-going",
      description =
          "After a failure, skip only the failed task's dependants (default: start nothing new).")
  boolean keepGoing;

  @Option(
      names = "--dry-run",
      description =
          "Validate, then print the waves, each task's exact codex argv, its estimated duration"
              + " (from earlier runs beside this folder) and the expected critical path; start"
              + " nothing.")
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
    Optional<Transport> asked = Optional.ofNullable(transport).map(RunCommand::transport);
    PrintWriter out = spec.commandLine().getOut();
    // codex is probed (or its cached probe read) while the tasks file is read and parsed: both are
    // on the way to the first task's start
    CompletableFuture<CodexOption.Resolved> resolving = codex.resolveMeanwhile();
    if (!dryRun) {
      JsonWriters.prepareMeanwhile();
    }
    Plan plan;
    try {
      plan = new PlanLoader().loadAsking(file, () -> CodexOption.await(resolving).caps());
    } catch (RuntimeException e) {
      CodexOption.await(resolving); // a codex that cannot be used is told first, as before
      throw e;
    }
    CodexOption.Resolved resolved = CodexOption.await(resolving);
    if (dryRun) {
      printDryRun(out, plan, resolved, new RunFolder(dir.dir()));
      printEstimates(out, plan, historyFile(dir.dir()));
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
    options = options.withDurationHistory(historyFile(dir.dir()));
    List<AppServerHost> askedHosts = hosts();
    options = options.withTransport(plan.transportOr(asked, askedHosts), plan.hostsOr(askedHosts));
    // the screen takes SIGINT over when it opens; the run's own handlers are installed after it
    Optional<TerminalScreen> screen =
        dashboard ? TerminalScreen.open(System.getenv()) : Optional.empty();
    try {
      return run(plan, resolved, options, out, screen);
    } finally {
      screen.ifPresent(TerminalScreen::close);
    }
  }

  private static Transport transport(String name) {
    return Transport.fromWire(name)
        .orElseThrow(
            () ->
                new CliException(
                    ExitCode.USAGE,
                    "--transport must be one of "
                        + String.join(", ", Transport.wireNames())
                        + ", got '"
                        + name
                        + "'"));
  }

  /** The --host options, each with --host-token-env and --max-parallel as its slots. */
  private List<AppServerHost> hosts() {
    List<AppServerHost> given = new ArrayList<>();
    for (String url : hostUrls) {
      given.add(new AppServerHost(url, hostTokenEnv, maxParallel));
    }
    return given;
  }

  /**
   * The duration history of runs in folders beside this one: the run root (the run folder's
   * parent), so a second run in a fresh folder there is ordered by the first one's durations.
   */
  static Path historyFile(Path runFolder) {
    Path root = runFolder.getParent();
    return (root == null ? runFolder : root).resolve(DurationHistory.FILE_NAME);
  }

  private int run(
      Plan plan,
      CodexOption.Resolved resolved,
      RunOptions options,
      PrintWriter out,
      Optional<TerminalScreen> screen)
      throws InterruptedException {
    // This process's own registry: the command runs without Quarkus (see Main), and the run is the
    // only one it holds; closing it stops its threads (the run is over by then).
    try (RunRegistry registry = new RunRegistry()) {
      Runs runs = new Runs(registry, Optional.empty());
      Runs.Tasks tasks = new Runs.Tasks(plan, file.toAbsolutePath().getParent());
      try (Runs.Prepared prepared =
          resume || !rerun.isEmpty()
              ? runs.prepare(
                  new Runs.ResumeRequest(
                      RunDirectory.Found.atFolder(new RunFolder(dir.dir())),
                      Optional.of(tasks),
                      rerun,
                      options,
                      resolved.caps(),
                      killOrphans))
              : runs.prepare(
                  new Runs.StartRequest(
                      tasks, Optional.of(dir.dir()), options, resolved.caps(), killOrphans))) {
        prepared.stoppedOrphans().forEach(o -> out.println(CleanCommand.stoppedLine(o)));
        prepared
            .earlier()
            .ifPresent(
                e ->
                    out.printf(
                        "earlier run %s (%s) is moved to %s%n",
                        e.runId(), e.status().wireName(), prepared.archivedTo().orElseThrow()));
        prepared.notes().forEach(out::println);
        out.println(
            Units.planLine(
                plan.tasks().size(), plan.waveCount(), prepared.maxParallel(), dir.dir()));
        out.flush();
        return RunWatch.follow(prepared.start(RunWatch.changeLines(out, screen)), out, screen);
      }
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

  /** What the scheduler expects of the plan: each task's estimate and the critical path. */
  private static void printEstimates(PrintWriter out, Plan plan, Path history) {
    PlanEstimate estimate = PlanEstimate.of(plan.tasks(), new DurationHistory(history).estimates());
    out.printf(
        "estimates (%d of %d tasks from the history at %s, the others %s %s):%n",
        estimate.known().size(),
        plan.tasks().size(),
        history,
        estimate.informed() ? "the median" : "a default of",
        DurationText.format(estimate.fallback()));
    for (TaskSpec task : plan.tasks()) {
      out.printf(
          "  %s %s%s%n",
          task.name(),
          DurationText.format(estimate.estimate(task.name())),
          estimate.known().containsKey(task.name()) ? "" : " (no history)");
    }
    out.printf(
        "critical path (%s expected): %s%n",
        DurationText.format(estimate.path().length()),
        String.join(" -> ", estimate.path().tasks()));
    out.flush();
  }
}
