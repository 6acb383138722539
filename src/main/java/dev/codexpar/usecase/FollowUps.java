package dev.codexpar.usecase;

import dev.codexpar.codex.CodexCapabilities;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.run.FollowUpRefused;
import dev.codexpar.run.Run;
import dev.codexpar.run.RunOptions;
import dev.codexpar.run.RunRegistry;
import dev.codexpar.usecase.RunDirectory.Found;
import java.util.function.Consumer;

/**
 * A follow-up question to a finished task: its codex session continues with a new prompt as a new
 * turn ({@code codex exec resume}), in a live run through the run itself, in a run that is over by
 * reopening its folder (the same run id, the turn recorded in its files).
 */
public final class FollowUps {
  private final RunRegistry registry;

  public FollowUps(RunRegistry registry) {
    this.registry = registry;
  }

  /**
   * Starts the turn and returns at once with the run it runs in.
   *
   * @param options for a run that is over: how its folder is run again (a live run keeps its own)
   * @param onTransition for a run that is over: hears of the reopened run's changes
   */
  public Run followUp(
      Found found,
      String task,
      String prompt,
      RunOptions options,
      CodexCapabilities caps,
      Consumer<TaskSnapshot> onTransition) {
    if (prompt == null || prompt.isBlank()) {
      throw Refusal.invalid("prompt is empty: say what task '" + task + "' is to do next");
    }
    try {
      if (found.live().isPresent()) {
        Run live = found.live().get();
        try {
          live.followUp(task, prompt);
          return live;
        } catch (FollowUpRefused e) {
          if (e.reason() != FollowUpRefused.Reason.RUN_OVER) {
            throw e;
          }
        }
      }
      RunSnapshot over = found.snapshot();
      if (over.live()) {
        throw new Refusal(Refusal.Kind.FOLDER_BUSY, RunControl.ownedElsewhere(found));
      }
      RunReads.task(over, task); // the refusal of an unknown task, before the folder is taken
      return registry.reopen(
          over, Runs.recordedTasks(found, over).plan(), task, prompt, options, caps, onTransition);
    } catch (FollowUpRefused e) {
      throw new Refusal(
          switch (e.reason()) {
            case NO_SESSION -> Refusal.Kind.NO_SESSION;
            case RUN_ON_APP_SERVER -> Refusal.Kind.RUN_LIVE;
            case TASK_BUSY, RUN_OVER -> Refusal.Kind.TASK_BUSY;
          },
          e.getMessage());
    } catch (RunRegistry.FolderBusyException e) {
      throw new Refusal(Refusal.Kind.FOLDER_BUSY, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new Refusal(Refusal.Kind.TASK_NOT_FOUND, e.getMessage());
    }
  }
}
