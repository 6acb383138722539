package dev.codexpar.codex;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a rate-limited attempt was told to wait, read from its error text: a {@code retry-after}
 * header value in seconds, or the API's "Please try again in 1.5s" / "in 20ms" / "in 3 seconds".
 */
public final class RetryAfter {
  private static final Pattern HEADER =
      Pattern.compile("retry[- _]after\\D{0,3}(\\d+(?:\\.\\d+)?)\\s*(ms|s|sec|seconds?)?\\b");
  private static final Pattern TRY_AGAIN =
      Pattern.compile(
          "try again in\\s+(\\d+(?:\\.\\d+)?)\\s*(ms|s|sec|seconds?|m|min|minutes?)\\b");

  private RetryAfter() {}

  public static Optional<Duration> of(String error) {
    if (error == null) {
      return Optional.empty();
    }
    String text = error.toLowerCase(Locale.ROOT);
    for (Pattern pattern : new Pattern[] {HEADER, TRY_AGAIN}) {
      Matcher m = pattern.matcher(text);
      if (m.find()) {
        return Optional.of(duration(Double.parseDouble(m.group(1)), m.group(2)));
      }
    }
    return Optional.empty();
  }

  private static Duration duration(double amount, String unit) {
    double millis =
        unit == null || unit.startsWith("s")
            ? amount * 1_000
            : unit.equals("ms") ? amount : amount * 60_000;
    return Duration.ofMillis((long) Math.ceil(millis));
  }
}
