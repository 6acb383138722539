package dev.codexpar.mcp;

import java.util.List;

/**
 * A domain failure of a tool call; it becomes a result with {@code isError: true}, never a JSON-RPC
 * error.
 */
final class ToolFailure extends RuntimeException {
  private final ErrorCode code;
  private final List<Views.ProblemView> problems;

  ToolFailure(ErrorCode code, String message) {
    this(code, message, null);
  }

  ToolFailure(ErrorCode code, String message, List<Views.ProblemView> problems) {
    super(message, null, false, false);
    this.code = code;
    this.problems = problems == null ? null : List.copyOf(problems);
  }

  Views.Failure view() {
    return new Views.Failure(code.name(), getMessage(), problems);
  }
}
