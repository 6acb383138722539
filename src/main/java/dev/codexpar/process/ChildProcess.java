package dev.codexpar.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A started child: argv only (never a shell), its own working directory, the given input written to
 * stdin and stdin then closed (current codex waits on an open stdin), stdout and stderr as pipes.
 */
public final class ChildProcess {
  /**
   * codex-par's own secrets (the bearer token of {@code serve --http}): never handed to a child,
   * whose agent could read its environment and call the server with it.
   */
  static final Set<String> WITHHELD_ENV = Set.of("CODEX_PAR_TOKEN");

  private final Process process;
  private final Instant startedAt;

  private ChildProcess(Process process) {
    this.process = process;
    // Unknown stays unknown (null): a guessed start time could later match a reused pid.
    this.startedAt = process.info().startInstant().orElse(null);
  }

  /**
   * Starts the child. The input is written on a separate thread so a child that does not read its
   * stdin cannot block the caller.
   */
  public static ChildProcess start(
      List<String> argv, Path cwd, Map<String, String> env, String stdinText) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(argv).directory(cwd.toFile());
    builder.environment().keySet().removeAll(WITHHELD_ENV);
    builder.environment().putAll(env);
    Process process = builder.start();
    ChildProcess child = new ChildProcess(process);
    Thread writer = new Thread(() -> child.writeInput(stdinText), "stdin-" + process.pid());
    writer.setDaemon(true);
    writer.start();
    return child;
  }

  private void writeInput(String text) {
    try (OutputStream in = process.getOutputStream()) {
      if (text != null) {
        in.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // The child closed its stdin early (or died): its exit status tells what happened.
    }
  }

  public long pid() {
    return process.pid();
  }

  /** The OS's start time of the child; with the pid it tells a live orphan from a reused pid. */
  public Instant startedAt() {
    return startedAt;
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  public InputStream stdout() {
    return process.getInputStream();
  }

  public InputStream stderr() {
    return process.getErrorStream();
  }

  public CompletableFuture<Integer> exit() {
    return process.onExit().thenApply(Process::exitValue);
  }
}
