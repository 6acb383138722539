package dev.codexpar.git;

import dev.codexpar.process.ProcessTree;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code git}: argv only (never a shell), stdin from /dev/null, in a given folder
 * ({@code -C}), stopped as a whole process tree after a time limit. The variables that would point
 * git at another repository than the folder's are removed (codex-par may itself run inside a git
 * hook), and git never prompts.
 */
public final class Git {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  /** Inherited, these would make git work on another repository than the folder's. */
  private static final List<String> REPOSITORY_ENV =
      List.of(
          "GIT_DIR",
          "GIT_WORK_TREE",
          "GIT_INDEX_FILE",
          "GIT_OBJECT_DIRECTORY",
          "GIT_ALTERNATE_OBJECT_DIRECTORIES",
          "GIT_COMMON_DIR",
          "GIT_NAMESPACE",
          "GIT_PREFIX",
          "CODEX_PAR_TOKEN");

  private static final Duration KILL_GRACE = Duration.ofSeconds(1);

  /** The timer of the kills after a time limit: made on the first one (most runs have none). */
  private static final class KillTimer {
    static final ProcessTree TREE =
        new ProcessTree(
            Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread thread = new Thread(r, "codex-par-git-kill");
                  thread.setDaemon(true);
                  return thread;
                }));
  }

  private final Map<String, String> env;
  private final Duration timeout;

  public Git() {
    this(Map.of(), DEFAULT_TIMEOUT);
  }

  /**
   * @param env variables set for every git run (tests isolate git's configuration with it)
   */
  public Git(Map<String, String> env, Duration timeout) {
    this.env = Map.copyOf(env);
    this.timeout = timeout;
  }

  /** A finished git command: its exit code, stdout and stderr. */
  public record Result(int exitCode, String out, String err) {
    public boolean ok() {
      return exitCode == 0;
    }

    /** stdout without its last line end. */
    public String text() {
      return out.strip();
    }
  }

  /** Runs {@code git -C dir ARGS...}; a non-zero exit is returned, not thrown. */
  public Result run(Path dir, List<String> args) {
    Path out = tempFile();
    try {
      Result result = runInto(dir, args, out);
      return new Result(result.exitCode(), read(out), result.err());
    } finally {
      deleteQuietly(out);
    }
  }

  public Result run(Path dir, String... args) {
    return run(dir, List.of(args));
  }

  /** Runs the command and returns its stdout, or throws {@link GitFailure#COMMAND_FAILED}. */
  public String ok(Path dir, String... args) {
    return ok(dir, List.of(args));
  }

  public String ok(Path dir, List<String> args) {
    Result result = run(dir, args);
    if (!result.ok()) {
      throw failed(args, result);
    }
    return result.out();
  }

  static GitException failed(List<String> args, Result result) {
    return new GitException(
        GitFailure.COMMAND_FAILED,
        "git " + String.join(" ", args) + " exited " + result.exitCode() + ": " + result.err());
  }

  /** Runs the command with its stdout written to {@code out} (a diff may be large); stderr kept. */
  public Result runInto(Path dir, List<String> args, Path out) {
    List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString()));
    argv.addAll(args);
    Path err = tempFile();
    try {
      ProcessBuilder builder =
          new ProcessBuilder(argv)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().keySet().removeAll(REPOSITORY_ENV);
      builder.environment().put("GIT_TERMINAL_PROMPT", "0");
      // git's messages in English: a busy lock is only told by its words (see LockRetry).
      builder.environment().put("LC_ALL", "C");
      builder.environment().putAll(env);
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        throw new GitException(GitFailure.GIT_MISSING, "cannot run git: " + e.getMessage());
      }
      if (!waitFor(process)) {
        KillTimer.TREE.kill(process.toHandle(), KILL_GRACE).await().indefinitely();
        throw new GitException(
            GitFailure.TIMED_OUT,
            "git " + String.join(" ", args) + " in " + dir + " timed out after " + timeout);
      }
      return new Result(process.exitValue(), "", read(err).strip());
    } finally {
      deleteQuietly(err);
    }
  }

  private boolean waitFor(Process process) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Path tempFile() {
    try {
      return Files.createTempFile("codex-par-git", ".txt");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary file for git's output", e);
    }
  }

  private static String read(Path file) {
    try {
      // Not Files.readString: a file name in git's output need not be valid UTF-8.
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read git's output in " + file, e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A temporary file left behind costs nothing.
    }
  }
}
