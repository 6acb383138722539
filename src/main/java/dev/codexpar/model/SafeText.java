package dev.codexpar.model;

/**
 * Text from outside (codex's events, task names, YAML values) made safe to print on a terminal:
 * control characters (an ESC starting a screen clear or an OSC 52 clipboard write, NUL, C1 codes),
 * line separators and the bidirectional overrides that reorder what a reader sees are shown as
 * {@code \xHH} / {@code \u202E} escapes instead of acting. Printable text, CJK and emoji stay as
 * they are.
 */
public final class SafeText {
  private SafeText() {}

  /** One line: every character that would act on the terminal escaped, newlines included. */
  public static String printable(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (acts(cp)) {
        if (out == null) {
          out = new StringBuilder(text.length() + 8).append(text, 0, i);
        }
        out.append(cp <= 0xff ? String.format("\\x%02x", cp) : String.format("\\u%04X", cp));
      } else if (out != null) {
        out.appendCodePoint(cp);
      }
      i = next;
    }
    return out == null ? text : out.toString();
  }

  /**
   * At most {@code max} characters of {@code text}, made {@link #printable}, with {@code …} when
   * cut: for quoting a caller's value in an error without echoing a whole file.
   */
  public static String snippet(String text, int max) {
    if (text == null) {
      return null;
    }
    int end = text.offsetByCodePoints(0, Math.min(max, text.codePointCount(0, text.length())));
    return printable(text.substring(0, end)) + (end < text.length() ? "…" : "");
  }

  private static boolean acts(int cp) {
    return Character.getType(cp) == Character.CONTROL // C0, DEL and C1
        || cp == 0x2028
        || cp == 0x2029 // line and paragraph separators
        || cp == 0x061C // Arabic letter mark
        || cp == 0x200E
        || cp == 0x200F // left-to-right and right-to-left marks
        || (cp >= 0x202A && cp <= 0x202E) // embeddings and overrides
        || (cp >= 0x2066 && cp <= 0x2069); // isolates
  }
}
