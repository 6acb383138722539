package dev.codexpar.plan;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in YAML: {@code 90s}, {@code 20m}, {@code 1h30m}, {@code 500ms}.
 */
public final class DurationText {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private DurationText() {}

  /**
   * The duration, or empty when the text is not one (a bare number means seconds) or is too large
   * for a {@link Duration} in milliseconds (a timeout is scheduled in those).
   */
  public static Optional<Duration> parse(String text) {
    try {
      Optional<Duration> parsed = parseUnchecked(text);
      parsed.ifPresent(Duration::toMillis); // throws when it overflows
      return parsed;
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> parseUnchecked(String text) {
    String value = text.trim();
    if (value.matches("\\d+")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }
    Matcher m = PART.matcher(value);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
              });
      end = m.end();
    }
    return end == value.length() && end > 0 ? Optional.of(total) : Optional.empty();
  }

  /** Short human form: {@code 1h02m}, {@code 12m34s}, {@code 8s}, {@code 450ms}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    long s = ms / 1000;
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format("%dm%02ds", s / 60, s % 60);
    }
    return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
