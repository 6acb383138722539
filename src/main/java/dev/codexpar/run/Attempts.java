package dev.codexpar.run;

import dev.codexpar.codex.ArgvBuilder;
import dev.codexpar.codex.Continuation;
import dev.codexpar.git.RunWorktrees;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.TaskTurn;
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
import java.util.concurrent.CompletableFuture;

/**
 * One attempt of a task: its codex argv and prompt, its start through the run's transport ({@link
 * TaskStarter}), and its files in the run folder.
 */
final class Attempts {
  private final RunFolder folder;
  private final TaskStarter starter;
  private final Facts facts;
  private final RunWorktrees worktrees;

  Attempts(RunFolder folder, TaskStarter starter, Facts facts, RunWorktrees worktrees) {
    this.folder = folder;
    this.starter = starter;
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

  /**
   * One codex process of a task.
   *
   * @param number 1-based, over all of the task's processes
   * @param continuation the session it goes on from (a fork, a resume), null for a fresh one
   * @param prompt what it is told; null for the task's own prompt (with its inputs)
   */
  record Turn(int number, TaskTurn.Kind kind, Continuation continuation, String prompt) {
    /** A turn that starts the task (fresh or forked) writes {@code outputs/NAME.md} itself. */
    boolean startsTask() {
      return kind == TaskTurn.Kind.START || kind == TaskTurn.Kind.FORK;
    }

    /** A turn that goes on in codex session {@code sessionId} with {@code prompt}. */
    static Turn resuming(int number, TaskTurn.Kind kind, String sessionId, String prompt) {
      return new Turn(number, kind, Continuation.resume(sessionId), prompt);
    }

    /** The same launch again, as the next turn (a retry that starts over). */
    Turn again(int nextNumber) {
      return new Turn(nextNumber, kind, continuation, prompt);
    }
  }

  List<String> argv(TaskSpec spec, Turn turn) {
    return starter.argv(spec, turn, output(spec.name(), turn));
  }

  /** Where the turn's codex writes its answer ({@code -o}). */
  private Path output(String task, Turn turn) {
    return turn.startsTask() ? folder.output(task) : folder.turnOutput(task, turn.number());
  }

  /**
   * Starts codex for the task's turn with its prompt (for the task's own: the dependencies' outputs
   * and the facts known now first) in {@code cwd} (the task's own, or its place in the task's
   * worktree), after removing an output left by an earlier attempt; a later turn first keeps the
   * answer {@code outputs/NAME.md} holds as its turn's file.
   *
   * @param lastDone the task's last done turn, 0 for none
   */
  CompletableFuture<StartedTask> launch(
      TaskSpec spec,
      List<String> argv,
      Turn turn,
      int lastDone,
      Path cwd,
      TaskLauncher.Listener progress)
      throws IOException {
    Map<String, Path> depOutputs = new LinkedHashMap<>();
    spec.dependsOn().forEach(d -> depOutputs.put(d, folder.output(d)));
    String own = Prompts.compose(facts.all(), depOutputs, spec.prompt());
    String stdin = turn.prompt();
    if (stdin == null) {
      stdin = turn.continuation() != null || ArgvBuilder.readsPromptFromStdin(spec) ? own : null;
    }
    if (!turn.startsTask() && lastDone > 0) {
      folder.keepTurnOutput(spec.name(), lastDone);
    }
    Files.deleteIfExists(output(spec.name(), turn));
    return starter.start(
        spec,
        argv,
        new TaskStarter.Launch(
            turn,
            stdin,
            own,
            cwd,
            folder.eventLog(spec.name()),
            folder.stderrLog(spec.name()),
            !turn.startsTask(),
            progress));
  }

  /**
   * Uses the last agent message when codex did not write the output file itself; a later turn's
   * answer then becomes {@code outputs/NAME.md}.
   */
  void turnEnded(String task, Turn turn, String message, boolean done) {
    Path output = output(task, turn);
    try {
      if (message != null && (!Files.isRegularFile(output) || Files.size(output) == 0)) {
        AtomicFile.write(output, message.getBytes(StandardCharsets.UTF_8));
      }
      if (done && !turn.startsTask() && Files.isRegularFile(output)) {
        folder.publishTurnOutput(task, turn.number());
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
