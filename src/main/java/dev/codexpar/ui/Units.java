package dev.codexpar.ui;

import java.util.Locale;

/** Compact figures for people: {@code 950}, {@code 1.2K}, {@code 15K}, {@code 3.4M}. */
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

  private static String scaled(double value, String unit) {
    return (value < 10
            ? String.format(Locale.ROOT, "%.1f", value)
            : Long.toString(Math.round(value)))
        + unit;
  }
}
