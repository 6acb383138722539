package dev.codexpar.mcp;

import dev.codexpar.plan.PlanException;
import dev.codexpar.plan.Problem;
import dev.codexpar.run.RunClosedException;
import java.util.List;
import java.util.function.Predicate;

/** Maps the engine's refusals to tool error codes. */
final class Failures {
  private Failures() {}

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
