package dev.codexpar.process;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

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
   * Starts the child with its stdin open: the caller then {@link #sendInput sends its input} or
   * {@link #abandon abandons} it.
   */
  public static ChildProcess start(List<String> argv, Path cwd, Map<String, String> env)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(argv).directory(cwd.toFile());
    builder.environment().keySet().removeAll(WITHHELD_ENV);
    builder.environment().putAll(env);
    ChildProcess child = new ChildProcess(builder.start());
    DescendantWatch.shared().watch(child.handle());
    return child;
  }

  /** The child's tree needs no more stopping: its descendants are not remembered any more. */
  public void stopWatching() {
    DescendantWatch.shared().forget(handle());
  }

  /**
   * Writes the input (nothing if null) to stdin, then closes it; on the given executor, so a child
   * that does not read its stdin cannot block the caller.
   */
  public void sendInput(String text, Executor executor) {
    executor.execute(() -> writeInput(text));
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

  /**
   * Kills a child that will not be followed after all, normally before it got its input (so it has
   * done nothing yet): at once, with whatever it has started. Its stdin is closed too, so a helper
   * it starts after this look still sees its input end and stops.
   */
  public void abandon() {
    closeQuietly(process.getOutputStream());
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    stopWatching();
    // No pump will read them: release their descriptors now, not when they are collected.
    closeQuietly(process.getInputStream());
    closeQuietly(process.getErrorStream());
  }

  private static void closeQuietly(Closeable stream) {
    try {
      stream.close();
    } catch (IOException e) {
      // Closing is all that matters.
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

  /**
   * The child's stdin, for a child that reads a protocol from it for as long as it lives (the codex
   * app-server) instead of an input given once by {@link #sendInput}.
   */
  public OutputStream stdin() {
    return process.getOutputStream();
  }

  public InputStream stdout() {
    return process.getInputStream();
  }

  public InputStream stderr() {
    return process.getErrorStream();
  }

  /**
   * Waits on the calling thread until the child has exited; its exit code, or empty if interrupted.
   */
  public OptionalInt awaitExit() {
    try {
      return OptionalInt.of(process.waitFor());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.empty();
    }
  }

  public CompletableFuture<Integer> exit() {
    return process.onExit().thenApply(Process::exitValue);
  }
}
