package dev.codexpar.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process still runs. A killed grandchild is re-parented to PID 1 and stays a zombie
 * until PID 1 reaps it, which some init processes (containers, micro-VMs) do only about once a
 * second; {@link ProcessHandle#isAlive()} counts a zombie as alive. Where {@code /proc} exists
 * (Linux) a zombie is read as gone; elsewhere (macOS, where launchd reaps at once) isAlive is the
 * answer.
 */
public final class Liveness {
  private Liveness() {}

  public static boolean running(ProcessHandle handle) {
    if (!handle.isAlive()) {
      return false;
    }
    Path stat = Path.of("/proc", Long.toString(handle.pid()), "stat");
    try {
      String text = Files.readString(stat);
      // "pid (comm) S ...": the state follows the last ')' (comm may hold spaces and parens).
      int close = text.lastIndexOf(')');
      return close < 0 || close + 2 >= text.length() || text.charAt(close + 2) != 'Z';
    } catch (IOException | RuntimeException e) {
      return handle.isAlive();
    }
  }
}
