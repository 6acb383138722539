package dev.codexpar.codex;

import dev.codexpar.codex.CodexEvent.Item;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The readable action of a thread item ({@code RUN ls -la}, {@code EDIT src/A.java}, {@code SAY
 * ...}): one wording for a task's last action and for {@code tail}.
 */
public final class ItemAction {
  /** {@code /bin/bash -lc 'ls -la'}, {@code sh -c "make"}: codex wraps commands in a shell. */
  private static final Pattern SHELL_WRAPPER =
      Pattern.compile("^(?:\\S*/)?(?:bash|sh|zsh|dash)\\s+-l?c\\s+(.+)$", Pattern.DOTALL);

  private ItemAction() {}

  /** Whether the item has an action to show; cheap, so it can run for every event. */
  public static boolean describes(Item item) {
    if (item instanceof Item.CommandExecution command) {
      return !command.command().isBlank();
    } else if (item instanceof Item.FileChange change) {
      return !change.paths().isEmpty();
    } else if (item instanceof Item.WebSearch search) {
      return !search.query().isBlank();
    }
    return item instanceof Item.AgentMessage
        || item instanceof Item.Reasoning
        || item instanceof Item.McpToolCall
        || item instanceof Item.TodoList;
  }

  /** The readable action of an item, or null when it tells nothing new. */
  public static String describe(Item item) {
    if (!describes(item)) {
      return null;
    }
    if (item instanceof Item.CommandExecution command) {
      return "RUN " + withoutShellWrapper(command.command());
    } else if (item instanceof Item.FileChange change) {
      return "EDIT " + edited(change);
    } else if (item instanceof Item.AgentMessage message) {
      return "SAY " + firstLine(message.text());
    } else if (item instanceof Item.Reasoning reasoning) {
      return "THINK " + firstLine(reasoning.text()).replace("**", "");
    } else if (item instanceof Item.McpToolCall call) {
      return "MCP " + call.server() + "." + call.tool();
    } else if (item instanceof Item.WebSearch search) {
      return "SEARCH " + search.query();
    }
    return "PLAN";
  }

  private static String edited(Item.FileChange change) {
    List<String> paths = change.paths();
    return paths.size() == 1 ? paths.get(0) : paths.get(0) + " +" + (paths.size() - 1);
  }

  private static String withoutShellWrapper(String command) {
    Matcher m = SHELL_WRAPPER.matcher(command.strip());
    if (!m.matches()) {
      return command;
    }
    String script = m.group(1).strip();
    if (script.length() >= 2 && script.startsWith("'") && script.endsWith("'")) {
      return script.substring(1, script.length() - 1).replace("'\\''", "'");
    }
    if (script.length() >= 2 && script.startsWith("\"") && script.endsWith("\"")) {
      return script.substring(1, script.length() - 1).replace("\\\"", "\"");
    }
    return script;
  }

  public static String firstLine(String text) {
    return text.strip().lines().findFirst().orElse("");
  }
}
