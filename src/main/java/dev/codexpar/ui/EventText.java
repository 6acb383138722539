package dev.codexpar.ui;

import dev.codexpar.codex.CodexEvent;
import dev.codexpar.codex.CodexEvent.Item;
import dev.codexpar.codex.ItemAction;
import dev.codexpar.model.SafeText;
import java.util.Optional;

/**
 * One codex event as a readable line for {@code tail}: {@code RUN npm test}, {@code EDIT
 * src/A.java}, {@code SAY} and the first line of a message, {@code TOKENS 12K in / 800 out},
 * errors. Events that tell a reader nothing (item updates, unknown types) have no line.
 */
public final class EventText {
  private EventText() {}

  public static Optional<String> of(CodexEvent event) {
    String text;
    if (event instanceof CodexEvent.ThreadStarted started) {
      text = "START thread " + started.threadId();
    } else if (event instanceof CodexEvent.TurnStarted) {
      text = "TURN started";
    } else if (event instanceof CodexEvent.TurnCompleted turn) {
      text = turn.usage().equals(CodexEvent.Usage.NONE) ? "TURN completed" : tokens(turn);
    } else if (event instanceof CodexEvent.TurnFailed failed) {
      text = "FAILED " + failed.message();
    } else if (event instanceof CodexEvent.Error error) {
      text = (error.fatal() ? "ERROR " : "RETRY ") + error.message();
    } else if (event instanceof CodexEvent.ItemStarted started) {
      text = started(started.item());
    } else if (event instanceof CodexEvent.ItemCompleted completed) {
      text = completed(completed.item());
    } else {
      text = null; // item updates repeat what started said; unknown events say nothing readable
    }
    return Optional.ofNullable(text)
        .map(t -> SafeText.printable(t.replaceAll("\\s+", " ").strip()));
  }

  private static String tokens(CodexEvent.TurnCompleted turn) {
    return String.format(
        "TOKENS %s in / %s out%s",
        Units.count(turn.usage().input()),
        Units.count(turn.usage().output()),
        turn.cumulative() ? " (total)" : "");
  }

  /** A command shows when it starts; files, messages and the rest when they are complete. */
  private static String started(Item item) {
    return item instanceof Item.CommandExecution ? ItemAction.describe(item) : null;
  }

  private static String completed(Item item) {
    if (item instanceof Item.CommandExecution command) {
      // EXIT 0 ls -la; a legacy end event names no command, and a declined one has no code
      String code =
          command.exitCode() == null ? command.status() : Integer.toString(command.exitCode());
      String action = ItemAction.describe(item);
      return "EXIT " + code + (action == null ? "" : action.substring("RUN".length()));
    }
    if (item instanceof Item.ItemError error) {
      return "ERROR " + error.message();
    }
    return ItemAction.describe(item);
  }
}
