package dev.codexpar.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Why an attempt failed, as far as deciding on a retry goes ({@code retry_on} values). */
public enum RetryReason {
  /** HTTP 429 / rate limit from the model. */
  RATE_LIMIT,
  /** HTTP 5xx or "high demand" from the model. */
  SERVER_ERROR,
  /** The model's event stream broke off, or the connection to the app-server host running it. */
  STREAM,
  /** Codex died before producing any event, or its state database was locked at start-up. */
  STARTUP,
  /** The task's timeout ran out (retried only when asked). */
  TIMEOUT,
  /** Anything else: the task failed on its own merits (retried only when asked). */
  FAILED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static List<String> wireNames() {
    return Arrays.stream(values()).map(RetryReason::wireName).toList();
  }

  public static Optional<RetryReason> fromWire(String text) {
    return Arrays.stream(values()).filter(r -> r.wireName().equals(text)).findFirst();
  }
}
