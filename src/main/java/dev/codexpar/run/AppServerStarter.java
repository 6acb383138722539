package dev.codexpar.run;

import dev.codexpar.appserver.AppServerClient;
import dev.codexpar.appserver.AppServerEndpoint;
import dev.codexpar.appserver.ConfigOverrides;
import dev.codexpar.model.Sandbox;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.TaskTurn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The app-server transport for local tasks: each turn a thread on a {@code codex app-server} of its
 * own ({@link AppServerLauncher#launchOwned}), whose whole process tree is stopped when the turn
 * ends, since codex 0.171 does not end a turn's commands on {@code turn/interrupt}.
 */
final class AppServerStarter implements TaskStarter {
  private final AppServerLauncher launcher = new AppServerLauncher();
  private final AppServerClient.Io io;
  private final Executor starts;
  private final RunOptions options;

  /**
   * @param starts where app-servers are started: each takes about a second to initialize, which
   *     must hold up neither the run's lock nor the start of the other ready tasks
   */
  AppServerStarter(AppServerClient.Io io, Executor starts, RunOptions options) {
    this.io = io;
    this.starts = starts;
    this.options = options;
  }

  @Override
  public List<String> argv(TaskSpec spec, Attempts.Turn turn, Path output) {
    return List.of(options.codexBin().toString(), "app-server");
  }

  @Override
  public CompletableFuture<StartedTask> start(TaskSpec spec, List<String> argv, Launch what)
      throws IOException {
    String prompt = prompt(spec, what);
    AppServerEndpoint.Stdio endpoint =
        new AppServerEndpoint.Stdio(argv, what.cwd(), options.env(), what.stderrLog());
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            AppServerLauncher.Task task =
                launcher.launchOwned(
                    endpoint,
                    io,
                    threadOptions(spec, what.cwd()),
                    prompt,
                    what.eventLog(),
                    what.listener());
            ProcessHandle process = task.process();
            return new StartedTask(
                process,
                process.info().startInstant().orElse(null),
                task.host(),
                task.exit(),
                task::stop,
                task::steer);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        starts);
  }

  /**
   * What a thread is told: a fresh turn its own prompt; a retry starts a fresh thread with the
   * task's own prompt (on a host it may be another one); a turn that goes on in a session (a
   * follow-up, a verify fix, a fork) is refused: threads are not resumed here.
   *
   * @throws IOException naming the task and the turn when the transport cannot run it
   */
  static String prompt(TaskSpec spec, Launch what) throws IOException {
    Attempts.Turn turn = what.turn();
    if (turn.continuation() == null) {
      return turn.prompt() != null ? turn.prompt() : what.ownPrompt();
    }
    if (turn.kind() == TaskTurn.Kind.RETRY) {
      return what.ownPrompt();
    }
    throw new IOException(
        "task '"
            + spec.name()
            + "': the app-server transport does not continue a codex session (a "
            + turn.kind().name().toLowerCase(Locale.ROOT).replace('_', '-')
            + " turn); run it with transport exec");
  }

  static AppServerClient.ThreadOptions threadOptions(TaskSpec spec, Path cwd) {
    Sandbox sandbox =
        spec.sandbox() == null && spec.fullAuto() ? Sandbox.WORKSPACE_WRITE : spec.sandbox();
    return new AppServerClient.ThreadOptions(
        cwd,
        spec.model(),
        sandbox == null ? null : sandbox.codexName(),
        ConfigOverrides.toConfig(spec.configOverrides()));
  }
}
