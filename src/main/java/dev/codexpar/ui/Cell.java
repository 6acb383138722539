package dev.codexpar.ui;

import dev.codexpar.model.SafeText;
import org.jline.utils.WCWidth;

/**
 * Text fitted to a number of terminal columns: cut with an ellipsis, never wrapped. Widths are
 * display columns (a CJK character takes two), so a fitted line never spills onto the next row.
 */
final class Cell {
  static final String ELLIPSIS = "…";

  private Cell() {}

  /** Display columns of {@code text} (control characters count as none). */
  static int width(String text) {
    int columns = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      columns += Math.max(0, WCWidth.wcwidth(cp));
      i += Character.charCount(cp);
    }
    return columns;
  }

  /** At most {@code columns} wide, one line, cut with an ellipsis when too long. */
  static String cut(String text, int columns) {
    // codex's text: a control character shows as an escape, never acts on the terminal
    String line = text == null ? "" : SafeText.printable(text.replaceAll("[\\r\\n\\t]+", " "));
    if (columns <= 0) {
      return "";
    }
    if (width(line) <= columns) {
      return line;
    }
    StringBuilder out = new StringBuilder();
    int used = 0;
    for (int i = 0; i < line.length(); ) {
      int cp = line.codePointAt(i);
      int w = Math.max(0, WCWidth.wcwidth(cp));
      if (used + w > columns - 1) {
        break;
      }
      out.appendCodePoint(cp);
      used += w;
      i += Character.charCount(cp);
    }
    return out.append(ELLIPSIS).toString();
  }

  /** Cut to {@code columns}, then padded with spaces on the right to exactly that width. */
  static String left(String text, int columns) {
    String cut = cut(text, columns);
    return cut + " ".repeat(Math.max(0, columns - width(cut)));
  }

  /** Cut to {@code columns}, then padded with spaces on the left to exactly that width. */
  static String right(String text, int columns) {
    String cut = cut(text, columns);
    return " ".repeat(Math.max(0, columns - width(cut))) + cut;
  }
}
