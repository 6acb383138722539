package dev.codexpar.codex;

/**
 * A task field the installed codex cannot honour.
 *
 * @param field the YAML field name, e.g. {@code worktree}
 * @param missing what codex lacks, e.g. {@code --worktree}, {@code exec review --profile}
 */
public record UnsupportedField(String field, String missing) {
  /** E.g. {@code codex 0.42.0 has no --worktree}. */
  public String message(String codexVersion) {
    return "codex " + codexVersion + " has no " + missing;
  }
}
