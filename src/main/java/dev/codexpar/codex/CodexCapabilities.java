package dev.codexpar.codex;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one codex binary accepts, read from {@code codex exec --help} and {@code codex exec review
 * --help}. Long flags only (e.g. {@code --full-auto}); an empty review set means no {@code exec
 * review}.
 *
 * @param execCommands the subcommands {@code exec --help} lists under "Commands:" ({@code resume},
 *     {@code fork}, {@code review}; 0.42 has only {@code resume}), {@code help} left out
 */
public record CodexCapabilities(
    String version, Set<String> execFlags, Set<String> reviewFlags, Set<String> execCommands) {
  private static final Pattern LONG_FLAG = Pattern.compile("(?<![\\w-])(--[a-z0-9][a-z0-9-]*)");

  /** A clap "Commands:" block: a heading, then {@code " NAME description"} lines. */
  private static final Pattern COMMANDS_BLOCK =
      Pattern.compile("(?m)^Commands:\\R((?:[ \\t]+\\S.*\\R?)+)");

  private static final Pattern COMMAND_LINE = Pattern.compile("(?m)^[ \\t]+([a-z][a-z0-9-]*)\\b");

  public CodexCapabilities {
    execFlags = Set.copyOf(execFlags);
    reviewFlags = Set.copyOf(reviewFlags);
    execCommands = Set.copyOf(execCommands);
  }

  public static CodexCapabilities fromHelp(String version, String execHelp, String reviewHelp) {
    return new CodexCapabilities(
        version, longFlags(execHelp), longFlags(reviewHelp), commands(execHelp));
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

  /** {@code codex exec resume SESSION_ID}: a new turn in an earlier session. */
  public boolean hasExecResume() {
    return execCommands.contains("resume");
  }

  /** {@code codex exec fork SESSION_ID}: a new session that starts with an earlier one's turns. */
  public boolean hasExecFork() {
    return execCommands.contains("fork");
  }

  private static Set<String> longFlags(String help) {
    if (help == null || help.isBlank()) {
      return Set.of();
    }
    Set<String> flags = new TreeSet<>();
    Matcher m = LONG_FLAG.matcher(help);
    while (m.find()) {
      flags.add(m.group(1));
    }
    return flags;
  }

  private static Set<String> commands(String help) {
    if (help == null) {
      return Set.of();
    }
    Matcher block = COMMANDS_BLOCK.matcher(help);
    if (!block.find()) {
      return Set.of();
    }
    Set<String> names = new TreeSet<>();
    Matcher line = COMMAND_LINE.matcher(block.group(1));
    while (line.find()) {
      names.add(line.group(1));
    }
    names.remove("help");
    return names;
  }
}
