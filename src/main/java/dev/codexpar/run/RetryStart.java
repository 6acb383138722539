package dev.codexpar.run;

import dev.codexpar.model.RetryReason;
import java.util.Set;

/**
 * How a retried attempt starts (pure): an attempt that failed on a transient error of the model
 * (rate limit, 5xx, broken stream) after its session started goes on in that session, so the work
 * done and paid for is not done again; anything else, a crash before the first event above all
 * (there is no session to go on from), repeats the attempt as it was launched.
 */
public final class RetryStart {
  private RetryStart() {}

  /** The model's trouble, not the task's: the session is sound and can go on. */
  static final Set<RetryReason> RESUMABLE =
      Set.of(RetryReason.RATE_LIMIT, RetryReason.SERVER_ERROR, RetryReason.STREAM);

  public sealed interface Start {}

  /**
   * Launch the attempt again as the failed one was launched: a first turn in a fresh session (or
   * fork), a follow-up as the same resume with the same prompt.
   */
  public record Again() implements Start {}

  /** {@code codex exec resume sessionId} with {@code prompt}. */
  public record Resume(String sessionId, String prompt) implements Start {}

  /**
   * @param reason why the attempt failed
   * @param sessionId the session the failed attempt ran in (its {@code thread.started} id), null
   *     when codex named none
   */
  public static Start of(RetryReason reason, String sessionId) {
    if (sessionId == null || sessionId.isBlank() || !RESUMABLE.contains(reason)) {
      return new Again();
    }
    return new Resume(
        sessionId,
        "Your previous turn was cut off by a "
            + describe(reason)
            + ". Go on with the task from where it stopped; do not redo work already done.");
  }

  private static String describe(RetryReason reason) {
    return switch (reason) {
      case RATE_LIMIT -> "rate limit of the model's API";
      case SERVER_ERROR -> "server error of the model's API";
      case STREAM -> "broken connection to the model's API";
      default -> throw new IllegalArgumentException("not resumable: " + reason);
    };
  }
}
