package dev.codexpar.codex;

import java.util.Objects;

/**
 * A codex process that goes on from an earlier session instead of starting a fresh one.
 *
 * @param sessionId the earlier session's id (codex's {@code thread_id}); the process must see the
 *     same {@code CODEX_HOME} as the one that wrote it
 */
public record Continuation(Mode mode, String sessionId) {
  public enum Mode {
    /** {@code codex exec resume ID}: a new turn in the same session (its id stays). */
    RESUME("resume"),
    /** {@code codex exec fork ID}: a new session that begins with all of the earlier one. */
    FORK("fork");

    private final String command;

    Mode(String command) {
      this.command = command;
    }

    /** The {@code exec} subcommand. */
    public String command() {
      return command;
    }
  }

  public Continuation {
    Objects.requireNonNull(mode, "mode");
    if (sessionId == null || sessionId.isBlank()) {
      throw new IllegalArgumentException("a continuation needs the earlier session's id");
    }
  }

  public static Continuation resume(String sessionId) {
    return new Continuation(Mode.RESUME, sessionId);
  }

  public static Continuation fork(String sessionId) {
    return new Continuation(Mode.FORK, sessionId);
  }
}
