package dev.codexpar.ui;

import java.util.ArrayList;
import java.util.List;
import org.jline.utils.WCWidth;

/**
 * Text broken into lines of at most a number of display columns, at spaces where it can be (a word
 * wider than a line is broken inside), so that what codex-par prints under a frame ends each row
 * with its own line break instead of leaving the wrap to the terminal.
 */
public final class Wrap {
  private Wrap() {}

  /** {@code text} as lines of at most {@code columns} display columns each (at least one line). */
  public static List<String> lines(String text, int columns) {
    int width = Math.max(1, columns);
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    int used = 0;
    for (String word : text.split(" ", -1)) {
      int wordWidth = Cell.width(word);
      int needed = line.isEmpty() ? wordWidth : used + 1 + wordWidth;
      if (needed <= width) {
        if (!line.isEmpty()) {
          line.append(' ');
        }
        line.append(word);
        used = needed;
        continue;
      }
      if (!line.isEmpty()) {
        lines.add(line.toString());
        line.setLength(0);
        used = 0;
      }
      for (int i = 0; i < word.length(); ) {
        int cp = word.codePointAt(i);
        int w = Math.max(0, WCWidth.wcwidth(cp));
        if (used + w > width) {
          lines.add(line.toString());
          line.setLength(0);
          used = 0;
        }
        line.appendCodePoint(cp);
        used += w;
        i += Character.charCount(cp);
      }
    }
    lines.add(line.toString());
    return lines;
  }
}
