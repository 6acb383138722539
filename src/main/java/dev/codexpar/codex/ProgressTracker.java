package dev.codexpar.codex;

import dev.codexpar.codex.CodexEvent.Item;
import dev.codexpar.codex.CodexEvent.Usage;
import dev.codexpar.model.TaskFigures;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Accumulates one task's event stream into {@link TaskFigures}. Fed by one reader thread; the
 * methods are synchronized so a snapshot may be taken from another.
 *
 * <ul>
 *   <li>A command counts once, when it completes (every command completes, while the legacy schema
 *       names the command only when it begins); declined commands do not count.
 *   <li>Changed files are the distinct paths of file changes that did not fail.
 *   <li>The failure is the first {@code turn.failed} or fatal error; error items (such as the
 *       harmless missing model metadata) and retries are not failures.
 * </ul>
 */
public final class ProgressTracker {
  static final int MAX_ACTION_CHARS = 200;

  /** {@code /bin/bash -lc 'ls -la'}, {@code sh -c "make"}: codex wraps commands in a shell. */
  private static final Pattern SHELL_WRAPPER =
      Pattern.compile("^(?:\\S*/)?(?:bash|sh|zsh|dash)\\s+-l?c\\s+(.+)$", Pattern.DOTALL);

  private long events;
  private Usage summedUsage = Usage.NONE;
  private Usage cumulativeUsage = Usage.NONE;
  private final Set<String> files = new LinkedHashSet<>();
  private int commands;
  private Action lastAction;
  private String sessionId;
  private String lastAgentMessage;
  private String failure;

  public synchronized void accept(CodexEvent event) {
    events++;
    // turn.started, non-fatal errors and unknown events change no figure but the count
    if (event instanceof CodexEvent.ThreadStarted started) {
      sessionId = started.threadId();
    } else if (event instanceof CodexEvent.TurnCompleted turn) {
      addUsage(turn);
    } else if (event instanceof CodexEvent.TurnFailed failed) {
      fail(failed.message(), "turn failed");
    } else if (event instanceof CodexEvent.Error error && error.fatal()) {
      fail(error.message(), "codex error");
    } else if (event instanceof CodexEvent.ItemStarted started) {
      observe(started.item());
    } else if (event instanceof CodexEvent.ItemUpdated updated) {
      observe(updated.item());
    } else if (event instanceof CodexEvent.ItemCompleted completed) {
      complete(completed.item());
    }
  }

  public synchronized TaskFigures snapshot() {
    Usage usage = summedUsage.plus(cumulativeUsage);
    return new TaskFigures(
        events,
        usage.input(),
        usage.cachedInput(),
        usage.output(),
        usage.reasoningOutput(),
        files.size(),
        commands,
        lastAction == null ? null : lastAction.text(),
        sessionId,
        lastAgentMessage,
        failure);
  }

  private void addUsage(CodexEvent.TurnCompleted turn) {
    if (turn.cumulative()) {
      cumulativeUsage = turn.usage();
    } else {
      summedUsage = summedUsage.plus(turn.usage());
    }
  }

  private void fail(String message, String fallback) {
    if (failure == null) {
      failure = message.isBlank() ? fallback : message;
    }
  }

  private void complete(Item item) {
    if (item instanceof Item.CommandExecution command && !"declined".equals(command.status())) {
      commands++;
    }
    if (item instanceof Item.AgentMessage message) {
      lastAgentMessage = message.text();
    }
    observe(item);
  }

  private void observe(Item item) {
    if (item instanceof Item.FileChange change && !"failed".equals(change.status())) {
      files.addAll(change.paths());
    }
    Action action = describe(item);
    if (action != null) {
      lastAction = action;
    }
  }

  /** The action of an item, or null when it tells nothing new; cheap, its text comes later. */
  private static Action describe(Item item) {
    if (item instanceof Item.CommandExecution command && !command.command().isBlank()) {
      return new Action(Verb.RUN, command.command());
    } else if (item instanceof Item.FileChange change && !change.paths().isEmpty()) {
      return new Action(Verb.EDIT, edited(change));
    } else if (item instanceof Item.AgentMessage message) {
      return new Action(Verb.SAY, message.text());
    } else if (item instanceof Item.Reasoning reasoning) {
      return new Action(Verb.THINK, reasoning.text());
    } else if (item instanceof Item.McpToolCall call) {
      return new Action(Verb.MCP, call.server() + "." + call.tool());
    } else if (item instanceof Item.WebSearch search && !search.query().isBlank()) {
      return new Action(Verb.SEARCH, search.query());
    } else if (item instanceof Item.TodoList) {
      return new Action(Verb.PLAN, "");
    }
    return null;
  }

  private enum Verb {
    RUN,
    EDIT,
    SAY,
    THINK,
    MCP,
    SEARCH,
    PLAN
  }

  /**
   * The last action as it came; made readable only when a snapshot asks for it (once per read
   * burst, not once per event: the regexes below cost more than parsing the event).
   */
  private static final class Action {
    private final Verb verb;
    private final String detail;
    private String text;

    Action(Verb verb, String detail) {
      this.verb = verb;
      this.detail = detail;
    }

    String text() {
      if (text == null) {
        String readable =
            switch (verb) {
              case RUN -> withoutShellWrapper(detail);
              case SAY -> firstLine(detail);
              case THINK -> firstLine(detail).replace("**", "");
              default -> detail;
            };
        text = bounded(readable.isEmpty() ? verb.name() : verb.name() + " " + readable);
      }
      return text;
    }
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

  private static String firstLine(String text) {
    return text.strip().lines().findFirst().orElse("");
  }

  /** One line of at most {@link #MAX_ACTION_CHARS} characters. */
  private static String bounded(String action) {
    // cut before normalizing: an agent message may be megabytes on one line
    String head = action.substring(0, Math.min(action.length(), 4 * MAX_ACTION_CHARS));
    String oneLine = head.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= MAX_ACTION_CHARS
        ? oneLine
        : oneLine.substring(0, MAX_ACTION_CHARS - 1) + "…";
  }
}
