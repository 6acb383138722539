package dev.codexpar.run;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskSpec;
import java.util.List;

/** One change of a run, as its consumers (printer, meta writer, notifications) receive it. */
public sealed interface RunChange {
  /** Tasks joined the run (its plan, or a dispatched batch). */
  record TasksAdded(List<TaskSpec> specs) implements RunChange {}

  /** A task reached a new status (running: its child has started); the task as it was then. */
  record Transition(TaskSnapshot task) implements RunChange {}

  /** A running task's figures moved on (events, tokens, last action). */
  record Progress(String task) implements RunChange {}

  /** Every task is final and the run sealed: the last change. */
  record Ended(RunSnapshot last) implements RunChange {}
}
