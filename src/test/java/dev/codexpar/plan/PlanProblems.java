package dev.codexpar.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code PlanProblems DIR YAML_FILE}: prints the validation problems of a tasks file read against
 * DIR, one a line. For tests that must validate in another process (one with fewer privileges).
 */
public final class PlanProblems {
  private PlanProblems() {}

  public static void main(String[] args) throws IOException {
    try {
      new PlanLoader()
          .parse(Files.readString(Path.of(args[1])), Path.of(args[0]), "tasks.yaml", null);
    } catch (PlanException e) {
      e.problems().forEach(System.out::println);
    }
  }
}
