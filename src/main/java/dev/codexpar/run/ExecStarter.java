package dev.codexpar.run;

import dev.codexpar.codex.ArgvBuilder;
import dev.codexpar.codex.CodexCapabilities;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.process.ProcessTree;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The exec transport: one {@code codex exec --json} child per turn, stopped as a tree. */
final class ExecStarter implements TaskStarter {
  private final TaskLauncher launcher;
  private final ProcessTree processTree;
  private final CodexCapabilities caps;
  private final RunOptions options;

  ExecStarter(
      TaskLauncher launcher, ProcessTree processTree, CodexCapabilities caps, RunOptions options) {
    this.launcher = launcher;
    this.processTree = processTree;
    this.caps = caps;
    this.options = options;
  }

  @Override
  public List<String> argv(TaskSpec spec, Attempts.Turn turn, Path output) {
    return ArgvBuilder.build(spec, caps, options.codexBin(), output, turn.continuation());
  }

  @Override
  public CompletableFuture<StartedTask> start(TaskSpec spec, List<String> argv, Launch what)
      throws IOException {
    TaskLauncher.Launched launched =
        launcher.launch(
            argv,
            what.cwd(),
            options.env(),
            what.stdin(),
            what.eventLog(),
            what.stderrLog(),
            what.appendLogs(),
            what.listener());
    ProcessHandle handle = launched.child().handle();
    return CompletableFuture.completedFuture(
        new StartedTask(
            handle,
            launched.child().startedAt(),
            null,
            launched.exit(),
            grace -> processTree.kill(handle, grace).subscribeAsCompletionStage(),
            null));
  }
}
