package dev.codexpar.codex;

import dev.codexpar.codex.CodexEvent.Item;
import dev.codexpar.codex.CodexEvent.Usage;
import dev.codexpar.model.TaskFigures;
import java.util.LinkedHashSet;
import java.util.Set;

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

  private long events;
  private Usage summedUsage = Usage.NONE;
  private Usage cumulativeUsage = Usage.NONE;
  private final Set<String> files = new LinkedHashSet<>();
  private int commands;

  /** The item of the last action, made readable only when a snapshot asks (see observe). */
  private Item lastActionItem;

  private Item renderedItem;
  private String lastAction;
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
    if (lastActionItem != renderedItem) {
      lastAction = bounded(ItemAction.describe(lastActionItem));
      renderedItem = lastActionItem;
    }
    Usage usage = summedUsage.plus(cumulativeUsage);
    return new TaskFigures(
        events,
        usage.input(),
        usage.cachedInput(),
        usage.output(),
        usage.reasoningOutput(),
        files.size(),
        commands,
        lastAction,
        sessionId,
        lastAgentMessage,
        failure,
        0);
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
    // The wording (regexes, whitespace folding) costs more than parsing the event: it is made
    // once per snapshot, i.e. once per read burst, not once per event.
    if (ItemAction.describes(item)) {
      lastActionItem = item;
    }
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
