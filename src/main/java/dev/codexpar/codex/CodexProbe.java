package dev.codexpar.codex;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Learns what a codex binary accepts by running {@code --version}, {@code exec --help} and {@code
 * exec review --help}. Results are cached per binary (absolute path, size, modification time), so
 * repeated probes in one JVM are free and a reinstalled binary is probed again; the system probe
 * also keeps them on disk ({@link CodexProbeCache}) for the next codex-par process.
 */
public final class CodexProbe {
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+[0-9A-Za-z.+-]*");

  /**
   * Old codex has no {@code exec review}: it takes "review" as the prompt and prints the exec help,
   * so a review help only counts when it is about {@code exec review}.
   */
  private static final String REVIEW_USAGE = "codex exec review";

  /** Runs a command to its end (or kills it at the timeout); a seam for tests. */
  @FunctionalInterface
  public interface CommandRunner {
    Result run(List<String> argv, Duration timeout) throws IOException;
  }

  public record Result(int exitCode, String stdout, String stderr) {}

  record BinaryKey(Path path, long size, FileTime modified) {}

  /** What the binary answered: its version and the help texts its capabilities are read from. */
  record Answers(String version, String execHelp, String reviewHelp) {}

  private final CommandRunner runner;
  private final Optional<CodexProbeCache> disk;
  private final Map<BinaryKey, CodexCapabilities> cache = new ConcurrentHashMap<>();

  public CodexProbe(CommandRunner runner) {
    this(runner, Optional.empty());
  }

  CodexProbe(CommandRunner runner, Optional<CodexProbeCache> disk) {
    this.runner = runner;
    this.disk = disk;
  }

  /** A probe that runs real child processes, its answers kept in the user's cache folder. */
  public static CodexProbe system() {
    return new CodexProbe(CodexProbe::runChild, CodexProbeCache.inUserCache(System.getenv()));
  }

  /**
   * @throws IllegalStateException when the binary cannot be read or run, or its {@code --version}
   *     or {@code exec --help} fails
   */
  public CodexCapabilities probe(Path binary) {
    BinaryKey key = keyOf(binary);
    CodexCapabilities known = cache.get(key);
    if (known != null) {
      return known;
    }
    Answers answers = disk.flatMap(d -> d.read(key)).orElse(null);
    if (answers == null) {
      answers = ask(key.path());
      Answers asked = answers;
      disk.ifPresent(d -> d.write(key, asked));
    }
    CodexCapabilities probed =
        CodexCapabilities.fromHelp(answers.version(), answers.execHelp(), answers.reviewHelp());
    CodexCapabilities raced = cache.putIfAbsent(key, probed);
    return raced != null ? raced : probed;
  }

  private static BinaryKey keyOf(Path binary) {
    Path absolute = binary.toAbsolutePath().normalize();
    try {
      BasicFileAttributes attributes = Files.readAttributes(absolute, BasicFileAttributes.class);
      return new BinaryKey(absolute, attributes.size(), attributes.lastModifiedTime());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read codex binary " + absolute + ": " + e, e);
    }
  }

  private Answers ask(Path binary) {
    String bin = binary.toString();
    // Three independent asks, run at once: with the npm codex each is a node start (about 0.1 s),
    // and every run and server start waits for them.
    List<String> versionArgv = List.of(bin, "--version");
    List<String> execArgv = List.of(bin, "exec", "--help");
    CompletableFuture<Result> versionAsk = ask(binary, versionArgv);
    CompletableFuture<Result> execAsk = ask(binary, execArgv);
    CompletableFuture<Result> reviewAsk = ask(binary, List.of(bin, "exec", "review", "--help"));
    String version = version(required(binary, versionArgv, answer(versionAsk)));
    String execHelp = required(binary, execArgv, answer(execAsk));
    Result review = answer(reviewAsk);
    boolean hasReview = review.exitCode() == 0 && review.stdout().contains(REVIEW_USAGE);
    return new Answers(version, execHelp, hasReview ? review.stdout() : "");
  }

  private CompletableFuture<Result> ask(Path binary, List<String> argv) {
    return CompletableFuture.supplyAsync(
        () -> run(binary, argv),
        task -> {
          Thread asker = new Thread(task, "codex-probe");
          asker.setDaemon(true);
          asker.start();
        });
  }

  private static Result answer(CompletableFuture<Result> ask) {
    try {
      return ask.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private static String required(Path binary, List<String> argv, Result result) {
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          describe(argv, binary)
              + " exited "
              + result.exitCode()
              + lastLine(result.stderr()).map(line -> ": " + line).orElse(""));
    }
    return result.stdout();
  }

  private Result run(Path binary, List<String> argv) {
    try {
      return runner.run(argv, TIMEOUT);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run " + describe(argv, binary) + ": " + e.getMessage(), e);
    }
  }

  private static String describe(List<String> argv, Path binary) {
    return "'codex " + String.join(" ", argv.subList(1, argv.size())) + "' (" + binary + ")";
  }

  private static Optional<String> lastLine(String text) {
    return text.lines().filter(line -> !line.isBlank()).reduce((first, second) -> second);
  }

  /** {@code codex-cli 0.169.0} → {@code 0.169.0}; the whole text when no version shows. */
  static String version(String versionOutput) {
    Matcher m = VERSION.matcher(versionOutput);
    return m.find() ? m.group() : versionOutput.strip();
  }

  /**
   * Runs a child with stdin from /dev/null (codex waits on an open stdin), both outputs drained
   * concurrently, and kills it (with its children: the npm wrapper starts the native binary) when
   * the timeout passes.
   */
  static Result runChild(List<String> argv, Duration timeout) throws IOException {
    Process process =
        new ProcessBuilder(argv)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    CompletableFuture<String> stdout = readAll(process.getInputStream());
    CompletableFuture<String> stderr = readAll(process.getErrorStream());
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IOException("timed out after " + timeout.toMillis() + " ms");
      }
      return new Result(
          process.exitValue(), stdout.get(5, TimeUnit.SECONDS), stderr.get(5, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("cannot read its output: " + e.getMessage(), e);
    }
  }

  private static CompletableFuture<String> readAll(InputStream in) {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (in) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                in.transferTo(bytes);
                text.complete(bytes.toString(StandardCharsets.UTF_8));
              } catch (IOException e) {
                text.completeExceptionally(new UncheckedIOException(e));
              }
            },
            "codex-probe-reader");
    reader.setDaemon(true);
    reader.start();
    return text;
  }
}
