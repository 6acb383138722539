package dev.codexpar.codex;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one codex binary accepts, read from {@code codex exec --help} and {@code codex exec review
 * --help}. Long flags only (e.g. {@code --full-auto}); an empty review set means no {@code exec
 * review}.
 */
public record CodexCapabilities(String version, Set<String> execFlags, Set<String> reviewFlags) {
  private static final Pattern LONG_FLAG = Pattern.compile("(?<![\\w-])(--[a-z0-9][a-z0-9-]*)");

  public CodexCapabilities {
    execFlags = Set.copyOf(execFlags);
    reviewFlags = Set.copyOf(reviewFlags);
  }

  public static CodexCapabilities fromHelp(String version, String execHelp, String reviewHelp) {
    return new CodexCapabilities(version, longFlags(execHelp), longFlags(reviewHelp));
  }

  public boolean execSupports(String flag) {
    return execFlags.contains(flag);
  }

  public boolean hasReview() {
    return !reviewFlags.isEmpty();
  }

  public boolean reviewSupports(String flag) {
    return reviewFlags.contains(flag);
  }

  private static Set<String> longFlags(String help) {
    if (help == null || help.isBlank()) {
      return Set.of();
    }
    Set<String> flags = new java.util.TreeSet<>();
    Matcher m = LONG_FLAG.matcher(help);
    while (m.find()) {
      flags.add(m.group(1));
    }
    return flags;
  }
}
