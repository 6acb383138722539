package dev.codexpar.store;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's shared facts ({@code shared/facts.json}): key → value and when it was written. Values
 * over {@link #MAX_VALUE_BYTES} are cut at a UTF-8 character boundary and marked.
 */
public final class Facts {
  public static final int MAX_VALUE_BYTES = 1024;
  public static final String TRUNCATED_MARKER = " [truncated]";

  private final Path file;
  private final TreeMap<String, Fact> facts = new TreeMap<>();

  /** One fact as stored. */
  public record Fact(String value, Instant updatedAt) {}

  /** The outcome of a write. */
  public record Written(String key, Fact fact, boolean truncated, int originalBytes) {}

  public Facts(Path file) {
    this.file = file;
    if (Files.isRegularFile(file)) {
      try {
        facts.putAll(
            Json.MAPPER.readValue(file.toFile(), new TypeReference<Map<String, Fact>>() {}));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
  }

  public synchronized Written write(String key, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    boolean truncated = bytes.length > MAX_VALUE_BYTES;
    String stored = truncated ? Utf8.cut(bytes, MAX_VALUE_BYTES) + TRUNCATED_MARKER : value;
    Fact fact = new Fact(stored, Instant.now());
    facts.put(key, fact);
    AtomicFile.writeJson(file, facts);
    return new Written(key, fact, truncated, bytes.length);
  }

  /** Every fact, ordered by key. */
  public synchronized Map<String, Fact> all() {
    return new TreeMap<>(facts);
  }
}
