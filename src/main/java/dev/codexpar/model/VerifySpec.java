package dev.codexpar.model;

import java.time.Duration;

/**
 * A task's check of its own work ({@code verify}, {@code verify_rounds}, {@code verify_timeout}):
 * once codex exits 0, {@code command} runs through {@code /bin/sh -c} in the task's working folder;
 * while it fails and rounds are left, the session is resumed with what failed.
 *
 * @param rounds the most runs of the command (1 is a plain gate; 2, the default, gives codex one
 *     turn to fix what the first run found)
 * @param timeout how long one run of the command may take
 */
public record VerifySpec(String command, int rounds, Duration timeout) {
  public static final int DEFAULT_ROUNDS = 2;
  public static final int MAX_ROUNDS = 10;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  public VerifySpec {
    if (command == null || command.isBlank()) {
      throw new IllegalArgumentException("verify command is empty");
    }
    if (rounds < 1 || rounds > MAX_ROUNDS) {
      throw new IllegalArgumentException("verify rounds out of range: " + rounds);
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("verify timeout must be positive: " + timeout);
    }
  }
}
