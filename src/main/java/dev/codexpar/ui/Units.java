package dev.codexpar.ui;

import java.util.Locale;

/**
 * Figures for people: compact counts ({@code 950}, {@code 1.2K}, {@code 3.4M}) and counted nouns.
 */
public final class Units {
  private Units() {}

  public static String count(long n) {
    if (n < 1_000) {
      return Long.toString(n);
    }
    if (n < 1_000_000) {
      return scaled(n / 1_000.0, "K");
    }
    return scaled(n / 1_000_000.0, "M");
  }

  /** {@code 1 task}, {@code 2 tasks}: a count and its noun, in the plural unless one. */
  public static String counted(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** What a run is about to do: {@code 6 tasks in 3 waves, up to 4 at once, in DIR}. */
  public static String planLine(int tasks, int waves, int maxParallel, Object dir) {
    return counted(tasks, "task")
        + " in "
        + counted(waves, "wave")
        + ", up to "
        + maxParallel
        + " at once, in "
        + dir;
  }

  private static String scaled(double value, String unit) {
    return (value < 10
            ? String.format(Locale.ROOT, "%.1f", value)
            : Long.toString(Math.round(value)))
        + unit;
  }
}
