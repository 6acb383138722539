package dev.codexpar.codex;

import dev.codexpar.model.RetryReason;
import java.util.Locale;

/**
 * Reads why a codex attempt failed from its error text, as codex 0.169 (and 0.42) word them (see
 * MockModelServer's javadoc for the measured messages). Timeouts are the engine's to tell.
 */
public final class FailureKind {
  private FailureKind() {}

  /**
   * @param error the task's error (turn.failed message, or "codex exited N: last stderr line")
   * @param events how many JSON events codex printed (0: it died before starting a turn)
   */
  public static RetryReason of(String error, long events) {
    String text = error == null ? "" : error.toLowerCase(Locale.ROOT);
    if (text.contains("429") || text.contains("rate limit") || text.contains("too many requests")) {
      return RetryReason.RATE_LIMIT;
    }
    if (text.contains("high demand")
        || text.matches("(?s).*\\bstatus 5\\d\\d\\b.*")
        || text.contains("internal server error")
        || text.contains("service unavailable")
        || text.contains("bad gateway")) {
      return RetryReason.SERVER_ERROR;
    }
    if (text.contains("stream disconnected") || text.contains("stream error")) {
      return RetryReason.STREAM;
    }
    if (text.contains("database is locked") || events == 0) {
      return RetryReason.STARTUP;
    }
    return RetryReason.FAILED;
  }
}
