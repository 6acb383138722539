package dev.codexpar.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real pseudo-terminal for end-to-end tests: one detached tmux session on a private server (its
 * own socket, so tests never touch a user's tmux), running one shell command. {@link #close} kills
 * that server.
 */
public final class Tmux implements AutoCloseable {
  private static final Path TMUX = Path.of("/usr/bin/tmux");
  private final String socket = "codex-par-test-" + UUID.randomUUID();

  private Tmux() {}

  /** Whether tmux can be used here (it is on Linux CI; a macOS box may lack it). */
  public static boolean available() {
    return Files.isExecutable(TMUX) || onPath();
  }

  /**
   * Starts {@code command} (a shell command line) in a {@code columns}x{@code rows} terminal in
   * {@code cwd}, with {@code env} added to the environment.
   */
  public static Tmux start(
      Path cwd, int columns, int rows, Map<String, String> env, String command) {
    Tmux tmux = new Tmux();
    List<String> args =
        new ArrayList<>(
            List.of(
                "new-session",
                "-d",
                "-x",
                Integer.toString(columns),
                "-y",
                Integer.toString(rows),
                "-c",
                cwd.toString()));
    env.forEach((k, v) -> args.addAll(List.of("-e", k + "=" + v)));
    args.add(command);
    tmux.tmux(args);
    return tmux;
  }

  /**
   * The screen's text now, without escape codes, wrapped lines joined (so a long path reads whole;
   * rows a program drew with cursor moves may be joined too: search it, do not measure it).
   */
  public String screen() {
    return tmux(List.of("capture-pane", "-p", "-J"));
  }

  /** The screen's rows now, exactly as shown, one line per row. */
  public String rows() {
    return tmux(List.of("capture-pane", "-p"));
  }

  /** The screen now with its colours and attributes as escape codes. */
  public String screenWithEscapes() {
    return tmux(List.of("capture-pane", "-p", "-e"));
  }

  /** Types keys into the terminal, e.g. {@code C-c} (the terminal sends SIGINT to its group). */
  public void sendKeys(String... keys) {
    List<String> args = new ArrayList<>(List.of("send-keys"));
    args.addAll(List.of(keys));
    tmux(args);
  }

  /** Resizes the terminal, as a user dragging the window would (the program gets SIGWINCH). */
  public void resize(int columns, int rows) {
    tmux(List.of("resize-window", "-x", Integer.toString(columns), "-y", Integer.toString(rows)));
  }

  @Override
  public void close() {
    try {
      tmux(List.of("kill-server"));
    } catch (IllegalStateException e) {
      // the server may already be gone with its only session
    }
  }

  private String tmux(List<String> args) {
    List<String> argv = new ArrayList<>();
    argv.add(Files.isExecutable(TMUX) ? TMUX.toString() : "tmux");
    argv.add("-L");
    argv.add(socket);
    argv.addAll(args);
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("tmux " + args + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run tmux", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean onPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "tmux"))) {
        return true;
      }
    }
    return false;
  }
}
