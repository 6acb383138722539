package dev.codexpar.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/**
 * One codex process of a task: its first turn, or a later one in the same session (a follow-up, a
 * verify fix, a retry that resumed). Turn N's answer is {@code outputs/NAME.turn-N.md}; the latest
 * done one is also {@code outputs/NAME.md}.
 *
 * @param turn 1-based
 * @param prompt the first line of the prompt, at most {@link #PROMPT_SUMMARY_CHARS} characters
 * @param sessionId the codex session (thread id) the turn ran in; null until codex names it
 * @param status running while it runs, then done, failed or cancelled
 */
public record TaskTurn(
    int turn,
    Kind kind,
    String prompt,
    Instant startedAt,
    Instant endedAt,
    long inputTokens,
    long cachedInputTokens,
    long outputTokens,
    TaskStatus status,
    String sessionId) {
  public static final int PROMPT_SUMMARY_CHARS = 120;

  /** Why the turn ran. */
  public enum Kind {
    /** The task's first turn, in a fresh session. */
    START,
    /** The task's first turn, in a fork of its {@code fork_from} task's session. */
    FORK,
    /** {@code ask} / MCP {@code follow_up} on a finished task. */
    FOLLOW_UP,
    /** The verify command failed: codex is asked to fix what it showed. */
    VERIFY_FIX,
    /** A transient failure after the session started: the session goes on. */
    RETRY;

    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The first non-blank line of {@code prompt}, cut to {@link #PROMPT_SUMMARY_CHARS} with "…". */
  public static String summarize(String prompt) {
    String line =
        prompt == null
            ? ""
            : prompt.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    if (line.codePointCount(0, line.length()) <= PROMPT_SUMMARY_CHARS) {
      return line;
    }
    return line.substring(0, line.offsetByCodePoints(0, PROMPT_SUMMARY_CHARS - 1)) + "…";
  }
}
