package dev.codexpar.ui;

import dev.codexpar.model.TaskStatus;

/**
 * How each task status looks: a one-column icon (ASCII, so it survives any terminal encoding) and
 * an ANSI colour. The icon and the status word alone tell every status apart, so nothing depends on
 * colour.
 */
enum StatusLook {
  PENDING(".", "2"),
  RUNNING(">", "1;36"),
  DONE("+", "32"),
  FAILED("X", "1;31"),
  SKIPPED("-", "35"),
  CANCELLED("/", "33"),
  INTERRUPTED("!", "1;33");

  private static final String RESET = "\u001b[0m";
  private final String icon;
  private final String sgr;

  StatusLook(String icon, String sgr) {
    this.icon = icon;
    this.sgr = sgr;
  }

  static StatusLook of(TaskStatus status) {
    return valueOf(status.name());
  }

  String icon() {
    return icon;
  }

  /** {@code text} in this status's colour, or as is without colour. */
  String paint(String text, boolean colour) {
    return colour ? "\u001b[" + sgr + "m" + text + RESET : text;
  }

  /** Dim text for headings and rules, or as is. */
  static String dim(String text, boolean colour) {
    return colour ? "\u001b[2m" + text + RESET : text;
  }

  /** Bold text, or as is. */
  static String bold(String text, boolean colour) {
    return colour ? "\u001b[1m" + text + RESET : text;
  }
}
