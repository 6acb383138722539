package dev.codexpar.plan;

/**
 * One thing wrong with a tasks file, located as precisely as known.
 *
 * @param source the file name (or "yaml" for inline YAML)
 * @param line 1-based YAML line, 0 when unknown
 * @param task the task's name (or "#N" for a task without a valid name), null for file-level
 * @param field the YAML key, null when the whole task or file is meant
 * @param kind what a dispatching client can act on; {@link Kind#OTHER} for most problems
 */
public record Problem(
    String source, int line, String task, String field, String message, Kind kind) {
  /** The problems a caller of dispatch is told apart (a name taken, a dependency unknown). */
  public enum Kind {
    NAME_TAKEN,
    UNKNOWN_DEPENDENCY,
    OTHER
  }

  public Problem(String source, int line, String task, String field, String message) {
    this(source, line, task, field, message, Kind.OTHER);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(source);
    if (line > 0) {
      text.append(':').append(line);
    }
    text.append(": ");
    if (task != null) {
      text.append("task '").append(task).append("'");
      text.append(field != null ? " field '" + field + "': " : ": ");
    } else if (field != null) {
      text.append("'").append(field).append("': ");
    }
    return text.append(message).toString();
  }
}
