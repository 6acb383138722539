package dev.codexpar.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ./codex-par} (the launcher users run, from system property {@code launcher}) as a
 * real process: argv only, stdin closed, stdout and stderr drained concurrently.
 */
public final class Launcher implements AutoCloseable {
  private final Process process;
  private final CompletableFuture<String> out;
  private final CompletableFuture<String> err;

  private Launcher(Process process) {
    this.process = process;
    this.out = drain(process.getInputStream());
    this.err = drain(process.getErrorStream());
  }

  /** The launcher script: system property {@code launcher}, else {@code ./codex-par}. */
  public static Path script() {
    return Paths.get(System.getProperty("launcher", "codex-par")).toAbsolutePath();
  }

  /** Starts {@code codex-par ARGS} in {@code cwd} with {@code env} added to this JVM's. */
  public static Launcher start(Path cwd, Map<String, String> env, String... args) {
    try {
      return new Launcher(builder(cwd, env, args).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code codex-par ARGS} in {@code cwd}, stdin closed, not started: for a test that handles the
   * child's output itself.
   */
  public static ProcessBuilder builder(Path cwd, Map<String, String> env, String... args) {
    List<String> argv = new ArrayList<>();
    argv.add(script().toString());
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile());
    CodexTestEnv.CLEARED_ENV.forEach(pb.environment()::remove);
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    return pb;
  }

  /** Runs to the end (at most {@code limit}) and returns the result. */
  public static Result run(Path cwd, Map<String, String> env, Duration limit, String... args) {
    try (Launcher launcher = start(cwd, env, args)) {
      return launcher.await(limit);
    }
  }

  public long pid() {
    return process.pid();
  }

  public Process process() {
    return process;
  }

  /** Waits for the exit; fails (and kills) past {@code limit}. */
  public Result await(Duration limit) {
    try {
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "codex-par did not exit within " + limit + "; stderr so far: " + err.getNow(""));
      }
      return new Result(
          process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "<read failed: " + e + ">";
          }
        },
        runnable -> {
          Thread t = new Thread(runnable, "launcher-drain");
          t.setDaemon(true);
          t.start();
        });
  }

  /** Exit code, stdout and stderr of one launcher run. */
  public record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }
}
