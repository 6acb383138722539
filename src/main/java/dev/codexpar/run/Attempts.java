package dev.codexpar.run;

import dev.codexpar.codex.ArgvBuilder;
import dev.codexpar.codex.CodexCapabilities;
import dev.codexpar.git.RunWorktrees;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.WorktreeInfo;
import dev.codexpar.store.AtomicFile;
import dev.codexpar.store.Facts;
import dev.codexpar.store.RunFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One attempt of a task: its codex argv and prompt, its child, and its files in the run folder. */
final class Attempts {
  private final RunFolder folder;
  private final RunOptions options;
  private final CodexCapabilities caps;
  private final TaskLauncher launcher;
  private final Facts facts;
  private final RunWorktrees worktrees;

  Attempts(
      RunFolder folder,
      RunOptions options,
      CodexCapabilities caps,
      TaskLauncher launcher,
      Facts facts,
      RunWorktrees worktrees) {
    this.folder = folder;
    this.options = options;
    this.caps = caps;
    this.launcher = launcher;
    this.facts = facts;
    this.worktrees = worktrees;
  }

  /** The run's worktrees ({@code worktree: true} tasks); git is run off the run's lock. */
  RunWorktrees worktrees() {
    return worktrees;
  }

  /**
   * Commits what a done task changed in its worktree (message: its name and its output's first
   * line).
   *
   * @throws dev.codexpar.git.GitException when git fails
   */
  WorktreeInfo commit(String task, WorktreeInfo worktree) {
    String output;
    try {
      Path file = folder.output(task);
      output = Files.isRegularFile(file) ? Files.readString(file) : "";
    } catch (IOException | UncheckedIOException e) { // malformed text too: the name alone will do
      output = "";
    }
    return worktrees.commit(task, worktree, output);
  }

  List<String> argv(TaskSpec spec) {
    return ArgvBuilder.build(spec, caps, options.codexBin(), folder.output(spec.name()));
  }

  /**
   * Starts codex for the task with its prompt (the dependencies' outputs and the facts known now
   * first), in {@code cwd} (the task's own, or its place in the task's worktree), after removing an
   * output left by an earlier attempt.
   */
  TaskLauncher.Launched launch(
      TaskSpec spec, List<String> argv, Path cwd, TaskLauncher.Listener progress)
      throws IOException {
    Map<String, Path> depOutputs = new LinkedHashMap<>();
    spec.dependsOn().forEach(d -> depOutputs.put(d, folder.output(d)));
    String stdin =
        ArgvBuilder.readsPromptFromStdin(spec)
            ? Prompts.compose(facts.all(), depOutputs, spec.prompt())
            : null;
    Files.deleteIfExists(folder.output(spec.name()));
    return launcher.launch(
        argv,
        cwd,
        options.env(),
        stdin,
        folder.eventLog(spec.name()),
        folder.stderrLog(spec.name()),
        progress);
  }

  /** Uses the last agent message when codex did not write the output file itself. */
  void fallbackOutput(String task, String message) {
    Path output = folder.output(task);
    try {
      if (!Files.isRegularFile(output) || Files.size(output) == 0) {
        AtomicFile.write(output, message.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException | UncheckedIOException e) { // a full disk too: the task must still end
      // The task's status does not depend on the fallback; the log keeps the message.
    }
  }

  /** Moves a failed attempt's logs aside (numbered) before the next attempt writes its own. */
  void keep(String task, int attempt) {
    folder.keepAttempt(task, attempt);
  }
}
