package dev.codexpar.model;

/**
 * What a review task reviews. Codex accepts at most one scope flag, and a scope flag excludes
 * custom instructions (a prompt); {@code title} only goes with {@code commit}.
 */
public record ReviewScope(boolean uncommitted, String base, String commit, String title) {
  public static final ReviewScope NONE = new ReviewScope(false, null, null, null);

  public boolean isEmpty() {
    return !uncommitted && base == null && commit == null;
  }
}
