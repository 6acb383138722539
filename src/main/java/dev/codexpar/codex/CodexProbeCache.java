package dev.codexpar.codex;

import dev.codexpar.store.AtomicFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A probe's answers kept on disk between codex-par processes, one small file per binary (absolute
 * path, size, modification time): every {@code run} otherwise starts three codex children before
 * its first task. A binary whose size or time changed has another key and is probed again; the file
 * repeats its key, so a digest collision is a miss. Unreadable or unwritable files only cost the
 * probe.
 */
final class CodexProbeCache {
  private final Path dir;

  CodexProbeCache(Path dir) {
    this.dir = dir;
  }

  /**
   * {@code $XDG_CACHE_HOME/codex-par/probes}, else {@code ~/.cache/codex-par/probes}; none without
   * either variable.
   */
  static Optional<CodexProbeCache> inUserCache(Map<String, String> env) {
    String xdg = env.get("XDG_CACHE_HOME");
    String home = env.get("HOME");
    Optional<Path> base =
        xdg != null && !xdg.isBlank()
            ? Optional.of(Path.of(xdg))
            : Optional.ofNullable(home).filter(h -> !h.isBlank()).map(h -> Path.of(h, ".cache"));
    return base.map(b -> new CodexProbeCache(b.resolve("codex-par").resolve("probes")));
  }

  Optional<CodexProbe.Answers> read(CodexProbe.BinaryKey key) {
    Path file = fileOf(key);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties stored = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      stored.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!keyText(key).equals(stored.getProperty("binary"))) {
      return Optional.empty();
    }
    String version = stored.getProperty("version");
    String execHelp = stored.getProperty("exec_help");
    String reviewHelp = stored.getProperty("review_help");
    return version == null || execHelp == null || reviewHelp == null
        ? Optional.empty()
        : Optional.of(new CodexProbe.Answers(version, execHelp, reviewHelp));
  }

  void write(CodexProbe.BinaryKey key, CodexProbe.Answers answers) {
    Properties stored = new Properties();
    stored.setProperty("binary", keyText(key));
    stored.setProperty("version", answers.version());
    stored.setProperty("exec_help", answers.execHelp());
    stored.setProperty("review_help", answers.reviewHelp());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      stored.store(new java.io.OutputStreamWriter(bytes, StandardCharsets.UTF_8), null);
      Files.createDirectories(dir);
      AtomicFile.write(fileOf(key), bytes.toByteArray());
    } catch (IOException | UncheckedIOException e) {
      // a read-only home: the next process probes again
    }
  }

  private Path fileOf(CodexProbe.BinaryKey key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(keyText(key).getBytes(StandardCharsets.UTF_8));
      return dir.resolve(HexFormat.of().formatHex(digest, 0, 12) + ".properties");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  private static String keyText(CodexProbe.BinaryKey key) {
    return key.path() + "\n" + key.size() + "\n" + key.modified().toMillis();
  }
}
