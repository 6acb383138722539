package dev.codexpar.mcp;

import dev.codexpar.plan.PlanException;
import dev.codexpar.plan.Problem;
import dev.codexpar.store.RunFolder;
import dev.codexpar.usecase.Refusal;
import java.util.List;

/** Maps the engine's refusals (and anything unexpected) to tool error codes, once. */
final class Failures {
  private Failures() {}

  /**
   * Whatever a tool's body threw: a refusal keeps its kind as the code, a plan's problems are
   * {@code VALIDATION_FAILED}; anything else (an I/O error, a bug, the server stopping mid-call) is
   * {@code INTERNAL} with the exception as the message (a run folder's link or corrupt file: just
   * its message, which names the file).
   */
  static Views.Failure ofAny(Exception e) {
    if (e instanceof Refusal refusal) {
      return new Views.Failure(
          codeOf(refusal.kind()).name(),
          refusal.getMessage() + remedy(refusal.remedy()),
          problems(refusal.problems()));
    }
    if (e instanceof PlanException problems) {
      return new Views.Failure(
          ErrorCode.VALIDATION_FAILED.name(), problems.getMessage(), problems(problems.problems()));
    }
    String message;
    if (e instanceof InterruptedException) {
      message = "interrupted: the server is stopping";
    } else if (e instanceof RunFolder.LinkedPathException
        || e instanceof RunFolder.CorruptFileException) {
      message = e.getMessage(); // names the file and what to do, no class name needed
    } else {
      message = e.toString();
    }
    return new Views.Failure(ErrorCode.INTERNAL.name(), message, null);
  }

  static ErrorCode codeOf(Refusal.Kind kind) {
    return switch (kind) {
      case INVALID_ARGUMENT, FOREIGN_FILES -> ErrorCode.INVALID_ARGUMENT;
      case VALIDATION_FAILED -> ErrorCode.VALIDATION_FAILED;
      case NO_WORKTREE_CHANGE -> ErrorCode.NO_WORKTREE_CHANGE;
      case MERGE_REFUSED -> ErrorCode.MERGE_REFUSED;
      case DUPLICATE_TASK -> ErrorCode.DUPLICATE_TASK;
      case UNKNOWN_DEPENDENCY -> ErrorCode.UNKNOWN_DEPENDENCY;
      case RUN_NOT_FOUND -> ErrorCode.RUN_NOT_FOUND;
      case TASK_NOT_FOUND -> ErrorCode.TASK_NOT_FOUND;
      case RUN_SEALED -> ErrorCode.RUN_SEALED;
      case RUN_STOPPED -> ErrorCode.RUN_STOPPED;
      case NOT_DYNAMIC -> ErrorCode.NOT_DYNAMIC;
      case RUN_FINISHED -> ErrorCode.RUN_FINISHED;
      case FOLDER_BUSY -> ErrorCode.FOLDER_BUSY;
      case RUN_LIVE -> ErrorCode.RUN_LIVE;
      case TASKS_UNKNOWN -> ErrorCode.TASKS_UNKNOWN;
      case CODEX_NOT_FOUND -> ErrorCode.CODEX_NOT_FOUND;
      case TASK_BUSY -> ErrorCode.TASK_BUSY;
      case NO_SESSION -> ErrorCode.NO_SESSION;
      case TASK_NOT_RUNNING -> ErrorCode.TASK_NOT_RUNNING;
      case NOT_STEERABLE -> ErrorCode.NOT_STEERABLE;
    };
  }

  private static String remedy(Refusal.Remedy remedy) {
    return switch (remedy) {
      case NONE -> "";
      case STOP_ORPHANS -> "; cancel_run on that run stops them, then try again";
    };
  }

  private static List<Views.ProblemView> problems(List<Problem> problems) {
    return problems.isEmpty()
        ? null
        : problems.stream()
            .map(p -> new Views.ProblemView(p.source(), p.line(), p.task(), p.field(), p.message()))
            .toList();
  }
}
