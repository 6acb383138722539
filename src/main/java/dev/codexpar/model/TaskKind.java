package dev.codexpar.model;

/** How a task runs codex: {@code codex exec} or {@code codex exec review}. */
public enum TaskKind {
  EXEC("exec"),
  REVIEW("review");

  private final String yamlName;

  TaskKind(String yamlName) {
    this.yamlName = yamlName;
  }

  public String yamlName() {
    return yamlName;
  }
}
