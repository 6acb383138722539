package dev.codexpar.mcp;

import dev.codexpar.plan.PlanException;
import dev.codexpar.plan.Problem;
import dev.codexpar.run.RunClosedException;
import java.util.List;
import java.util.function.Predicate;

/** Maps the engine's refusals (and anything unexpected) to tool error codes. */
final class Failures {
  private Failures() {}

  /**
   * Whatever a tool's body threw: a domain failure keeps its code, a plan's problems are {@code
   * VALIDATION_FAILED}; anything else (an I/O error, a bug, the server stopping mid-call) is {@code
   * INTERNAL} with the exception as the message.
   */
  static Views.Failure ofAny(Exception e) {
    if (e instanceof ToolFailure failure) {
      return failure.view();
    }
    if (e instanceof PlanException problems) {
      return of(problems).view();
    }
    String message =
        e instanceof InterruptedException ? "interrupted: the server is stopping" : e.toString();
    return new Views.Failure(ErrorCode.INTERNAL.name(), message, null);
  }

  /** Problems of the tasks of a new run. */
  static ToolFailure of(PlanException e) {
    return new ToolFailure(ErrorCode.VALIDATION_FAILED, e.getMessage(), problems(e));
  }

  /**
   * Problems of dispatched tasks: a more precise code when every problem is of one kind a
   * dispatching client can act on (a name already used, an unknown dependency).
   */
  static ToolFailure ofDispatch(PlanException e) {
    List<Problem> problems = e.problems();
    ErrorCode code = ErrorCode.VALIDATION_FAILED;
    if (all(problems, Failures::isDuplicate)) {
      code = ErrorCode.DUPLICATE_TASK;
    } else if (all(problems, Failures::isUnknownDependency)) {
      code = ErrorCode.UNKNOWN_DEPENDENCY;
    }
    return new ToolFailure(code, e.getMessage(), problems(e));
  }

  private static List<Views.ProblemView> problems(PlanException e) {
    return e.problems().stream()
        .map(p -> new Views.ProblemView(p.source(), p.line(), p.task(), p.field(), p.message()))
        .toList();
  }

  static ToolFailure of(RunClosedException e) {
    ErrorCode code =
        switch (e.reason()) {
          case SEALED -> ErrorCode.RUN_SEALED;
          case STOPPED -> ErrorCode.RUN_STOPPED;
          case NOT_DYNAMIC -> ErrorCode.NOT_DYNAMIC;
        };
    return new ToolFailure(code, e.getMessage());
  }

  private static boolean all(List<Problem> problems, Predicate<Problem> kind) {
    return !problems.isEmpty() && problems.stream().allMatch(kind);
  }

  private static boolean isDuplicate(Problem p) {
    return "name".equals(p.field())
        && (p.message().startsWith("the run already has") || p.message().startsWith("duplicate"));
  }

  private static boolean isUnknownDependency(Problem p) {
    return "depends_on".equals(p.field()) && p.message().startsWith("unknown task");
  }
}
