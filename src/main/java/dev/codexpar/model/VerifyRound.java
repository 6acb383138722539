package dev.codexpar.model;

import java.time.Instant;

/**
 * One run of a task's {@code verify} command, as the meta file lists it.
 *
 * @param round 1-based
 * @param exitCode the command's exit status (after a timeout: the status of the killed shell)
 * @param timedOut the command ran past {@code verify_timeout} and its process tree was stopped
 * @param outputTail the end of its output (stdout and stderr together, as a terminal shows them),
 *     at most {@code VerifyRunner.TAIL_BYTES} bytes, cut on a character boundary
 */
public record VerifyRound(
    int round,
    Instant startedAt,
    Instant endedAt,
    Integer exitCode,
    boolean timedOut,
    String outputTail) {

  /** The command passed: exit 0 within its time. */
  public boolean passed() {
    return !timedOut && exitCode != null && exitCode == 0;
  }
}
