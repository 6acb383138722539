package dev.codexpar.ui;

import dev.codexpar.model.TaskFigures;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.plan.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The task table's columns for one terminal width. Icon, name, status and time always show; the
 * figures join in order of use (tokens, events, commands, files) while the last action keeps a
 * readable width; the last action takes what is left. A run with worktree tasks adds their
 * committed change ({@code +insertions/-deletions}, shown after the files) right after the tokens
 * in that order.
 */
record Columns(
    int width,
    int name,
    boolean tokens,
    boolean events,
    boolean commands,
    boolean files,
    boolean change,
    int action) {
  private static final int STATUS = 11; // "interrupted"
  private static final int TIME = 7;
  private static final int EVENTS = 6;
  private static final int TOKENS = 13;
  private static final int FILES = 5;
  private static final int COMMANDS = 4;
  private static final int CHANGE = 13; // "+12345/-12345"
  private static final int MIN_ACTION = 10;
  private static final int MIN_NAME = 8;
  private static final int MAX_NAME = 24;

  static Columns fit(int width, List<TaskSnapshot> tasks) {
    int longest = tasks.stream().mapToInt(t -> Cell.width(t.name())).max().orElse(MIN_NAME);
    int cap = width >= 100 ? MAX_NAME : Math.max(MIN_NAME, width / 5);
    int name = Math.max(MIN_NAME, Math.min(longest, cap));
    int used = 2 + name + 1 + STATUS + 1 + TIME;
    boolean tokens = fits(used, TOKENS, width);
    used += tokens ? TOKENS + 1 : 0;
    // a worktree's change is what a reviewer looks for first, after the tokens
    boolean change =
        tasks.stream().anyMatch(t -> t.worktree() != null) && fits(used, CHANGE, width);
    used += change ? CHANGE + 1 : 0;
    boolean events = fits(used, EVENTS, width);
    used += events ? EVENTS + 1 : 0;
    boolean commands = fits(used, COMMANDS, width);
    used += commands ? COMMANDS + 1 : 0;
    boolean files = fits(used, FILES, width);
    used += files ? FILES + 1 : 0;
    int action = width - used - 2;
    if (action < 4) {
      name = Math.max(1, name + action - 4);
      action = 0;
    }
    return new Columns(width, name, tokens, events, commands, files, change, action);
  }

  private static boolean fits(int used, int column, int width) {
    return used + 1 + column + 2 + MIN_ACTION <= width;
  }

  String heading() {
    return line(
        " ",
        "TASK",
        "STATUS",
        "TIME",
        "EVENTS",
        "TOKENS IN/OUT",
        "FILES",
        "CMDS",
        "+/-",
        "LAST ACTION");
  }

  /**
   * One task's row. A task whose error gets a line of its own shows its last action here; other
   * final tasks with a reason (skipped, cancelled) show the reason instead.
   */
  String row(TaskSnapshot t, Instant now, boolean errorOnOwnLine, boolean colour) {
    StatusLook look = StatusLook.of(t.status());
    Duration d = t.duration(now);
    String detail =
        t.error() != null && t.status().isFinal() && !errorOnOwnLine
            ? t.error()
            : t.figures().lastAction();
    if (t.host() != null && t.pid() == null) { // a task on a remote app-server names it
      detail = t.host() + (detail == null ? "" : ": " + detail);
    }
    TaskFigures f = t.figures();
    boolean started = t.startedAt() != null; // figures of a task that never ran are noise
    String plain =
        line(
            look.icon(),
            t.name(),
            t.status().wireName(),
            d == null ? "-" : DurationText.format(d),
            started ? Long.toString(f.events()) : "",
            started ? Units.count(f.inputTokens()) + " / " + Units.count(f.outputTokens()) : "",
            started ? Integer.toString(f.files()) : "",
            started ? Integer.toString(f.commands()) : "",
            change(t),
            detail == null ? "" : detail);
    int statusEnd = 2 + name + 1 + STATUS;
    if (!colour || plain.length() < statusEnd) {
      return colour ? look.paint(plain, true) : plain;
    }
    // colour the icon and the status word only; columns were measured on the plain text
    String head = plain.substring(0, Math.min(plain.length(), statusEnd));
    String rest = plain.substring(head.length());
    String icon = look.paint(head.substring(0, 1), true);
    String between = head.substring(1, Math.min(head.length(), 2 + name + 1));
    String status = look.paint(head.substring(between.length() + 1), true);
    boolean quiet = t.status() == TaskStatus.PENDING;
    return icon + (quiet ? StatusLook.dim(between, true) : between) + status + rest;
  }

  /** A worktree task's committed change, e.g. {@code +12/-3}; empty until it is committed. */
  static String change(TaskSnapshot t) {
    return t.worktree() == null || !t.worktree().committed()
        ? ""
        : "+" + t.worktree().insertions() + "/-" + t.worktree().deletions();
  }

  private String line(
      String icon,
      String task,
      String status,
      String time,
      String events,
      String tokens,
      String files,
      String commands,
      String change,
      String lastAction) {
    StringBuilder row = new StringBuilder();
    row.append(icon).append(' ').append(Cell.left(task, name));
    row.append(' ').append(Cell.left(status, STATUS));
    row.append(' ').append(Cell.right(time, TIME));
    if (this.tokens) {
      row.append(' ').append(Cell.right(tokens, TOKENS));
    }
    if (this.events) {
      row.append(' ').append(Cell.right(events, EVENTS));
    }
    if (this.commands) {
      row.append(' ').append(Cell.right(commands, COMMANDS));
    }
    if (this.files) {
      row.append(' ').append(Cell.right(files, FILES));
    }
    if (this.change) {
      row.append(' ').append(Cell.right(change, CHANGE));
    }
    if (action > 0) {
      row.append("  ").append(Cell.cut(lastAction, action));
    }
    return Cell.cut(stripEnd(row.toString()), width);
  }

  private static String stripEnd(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ') {
      end--;
    }
    return s.substring(0, end);
  }
}
