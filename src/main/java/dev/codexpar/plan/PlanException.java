package dev.codexpar.plan;

import java.util.List;
import java.util.stream.Collectors;

/** Every problem found in a tasks file; nothing may start when this is thrown. */
public class PlanException extends RuntimeException {
  private final List<Problem> problems;

  public PlanException(List<Problem> problems) {
    super(
        problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + " in the tasks:\n  "
            + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  ")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
