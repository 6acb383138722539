package dev.codexpar.cli;

import dev.codexpar.codex.CodexCapabilities;
import dev.codexpar.codex.CodexLocator;
import dev.codexpar.demo.DemoKit;
import dev.codexpar.plan.Plan;
import dev.codexpar.plan.PlanLoader;
import dev.codexpar.run.RunOptions;
import dev.codexpar.run.RunRegistry;
import dev.codexpar.store.DurationHistory;
import dev.codexpar.ui.TerminalScreen;
import dev.codexpar.ui.Units;
import dev.codexpar.usecase.Runs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Show codex-par at work in about 10 seconds, without codex, an account or a network: a"
            + " SIMULATION. A small built-in plan (two analyses in parallel, a cross-review, an"
            + " edit, a task that fails once and is retried) runs through the real engine, with a"
            + " stand-in for codex that replays recorded events. Live dashboard on a terminal,"
            + " the plain log otherwise.")
public class DemoCommand implements Callable<Integer> {
  /** Enough slots for the widest wave: the demo shows parallelism, not a queue. */
  private static final int PARALLEL = 4;

  @Option(
      names = {"-d", "--dir"},
      paramLabel = "DIR",
      description =
          "Folder for the demo's plan, sample project and run (default: codex-par-demo in the"
              + " current folder). An earlier demo there is moved to previous-runs/.")
  Path dir;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path folder = (dir == null ? Path.of("codex-par-demo") : dir).toAbsolutePath().normalize();
    DemoKit kit;
    try {
      kit = DemoKit.install(folder);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage());
    }
    CodexCapabilities caps;
    try {
      caps = CodexLocator.probe(kit.codexBinary());
    } catch (IllegalStateException e) {
      throw new CliException(ExitCode.USAGE, "the demo's stand-in for codex: " + e.getMessage());
    }
    Plan plan = new PlanLoader().load(kit.plan(), caps);
    RunOptions options =
        new RunOptions(
                PARALLEL, false, false, kit.codexBinary(), Map.of(), RunOptions.DEFAULT_KILL_GRACE)
            .withDurationHistory(folder.resolve(DurationHistory.FILE_NAME)); // the demo's own
    // short lines: printed before the dashboard and after it, they must not wrap on a terminal
    out.printf(
        "codex-par demo: a SIMULATION. A stand-in replays recorded codex events;%n"
            + "no codex, model or network is used.%n"
            + "%s%n",
        Units.planLine(plan.tasks().size(), plan.waveCount(), PARALLEL, folder));
    out.flush();
    int exit;
    Optional<TerminalScreen> screen = TerminalScreen.open(System.getenv());
    try {
      exit = run(plan, folder, options, caps, out, screen);
    } finally {
      screen.ifPresent(TerminalScreen::close);
    }
    out.printf(
        "%nThat was a simulation. See it as a page:%n  codex-par report --dir %s --open%n"
            + "The real thing needs an installed, logged-in codex%n"
            + "(npm install -g @openai/codex; codex login), then:%n"
            + "  codex-par run %s --dir /tmp/real-run --dashboard%n",
        folder, kit.plan());
    out.flush();
    return exit;
  }

  private static int run(
      Plan plan,
      Path folder,
      RunOptions options,
      CodexCapabilities caps,
      PrintWriter out,
      Optional<TerminalScreen> screen)
      throws InterruptedException {
    try (RunRegistry registry = new RunRegistry();
        Runs.Prepared prepared =
            new Runs(registry, Optional.empty())
                .prepare(
                    new Runs.StartRequest(
                        new Runs.Tasks(plan, folder), Optional.of(folder), options, caps, false))) {
      return RunWatch.follow(prepared.start(RunWatch.changeLines(out, screen)), out, screen);
    }
  }
}
