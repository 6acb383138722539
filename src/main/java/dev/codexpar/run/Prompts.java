package dev.codexpar.run;

import dev.codexpar.store.Facts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * What codex reads on stdin: the run's shared facts (bounded), the dependency outputs by absolute
 * path (readable whatever the task's cwd), then the task's own prompt.
 */
final class Prompts {
  static final int MAX_FACTS_BYTES = 4 * 1024;

  private Prompts() {}

  static String compose(
      Map<String, Facts.Fact> facts, Map<String, Path> dependencyOutputs, String prompt) {
    StringBuilder text = new StringBuilder();
    if (!facts.isEmpty()) {
      StringBuilder block = new StringBuilder("Shared context from the other tasks of this run:\n");
      for (Map.Entry<String, Facts.Fact> fact : facts.entrySet()) {
        String line = "- " + fact.getKey() + ": " + fact.getValue().value() + "\n";
        if (bytes(block) + bytes(line) > MAX_FACTS_BYTES) {
          block.append("- (more facts in shared/facts.json)\n");
          break;
        }
        block.append(line);
      }
      text.append(block).append('\n');
    }
    if (!dependencyOutputs.isEmpty()) {
      text.append("The tasks this task depends on have finished. Their results are in:\n");
      dependencyOutputs.forEach(
          (name, path) -> text.append("- ").append(name).append(": ").append(path).append('\n'));
      text.append('\n');
    }
    return text.append(prompt).toString();
  }

  private static int bytes(CharSequence s) {
    return s.toString().getBytes(StandardCharsets.UTF_8).length;
  }
}
