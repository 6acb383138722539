package dev.codexpar.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long tasks took in earlier runs, per task name and prompt digest (a changed prompt is another
 * task), in one small file: at the serve root, or beside a CLI run's folder. An estimate is the
 * mean of the last runs, weighted to the newest (each new duration counts half). A missing or
 * unreadable file is an empty history; writes are atomic, and runs of several processes on one file
 * keep the last writer's merge.
 */
public final class DurationHistory {
  /** The file's name in the folder that holds it. */
  public static final String FILE_NAME = "codex-par-durations.json";

  /** The file keeps this many tasks, the most recently run ones. */
  static final int MAX_TASKS = 5_000;

  private final Path file;

  public DurationHistory(Path file) {
    this.file = file;
  }

  /**
   * One stored task.
   *
   * @param millis the estimate
   * @param runs how many runs it is drawn from
   * @param lastRunAt when the last of them ended
   */
  public record Entry(long millis, int runs, Instant lastRunAt) {}

  /** The file's content. */
  public record Content(Map<String, Entry> tasks) {}

  /** The key of a task: its name and a digest of its prompt. */
  public static String key(String task, String prompt) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((prompt == null ? "" : prompt).getBytes(StandardCharsets.UTF_8));
      return task + " " + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /**
   * Key → estimated duration; an entry without a whole number of millis is left out. Read as a
   * tree, not bound to {@link Content}: this read is on the way to a run's first start, and binding
   * the records costs a fresh JVM (every CLI run) 30-60 ms more than the tree.
   */
  public synchronized Map<String, Duration> estimates() {
    Map<String, Duration> estimates = new LinkedHashMap<>();
    try {
      if (!Files.isRegularFile(file)) {
        return estimates;
      }
      for (Map.Entry<String, JsonNode> task :
          Json.MAPPER.readTree(file.toFile()).path("tasks").properties()) {
        JsonNode millis = task.getValue().path("millis");
        if (millis.isIntegralNumber() && millis.canConvertToLong()) {
          estimates.put(task.getKey(), Duration.ofMillis(millis.asLong()));
        }
      }
      return estimates;
    } catch (IOException e) {
      return Map.of(); // unreadable: scheduling falls back to what it does without history
    }
  }

  /** Adds the durations of tasks that ended done at {@code at} (key → duration). */
  public synchronized void record(Map<String, Duration> done, Instant at) {
    if (done.isEmpty()) {
      return;
    }
    Map<String, Entry> tasks = new LinkedHashMap<>(read());
    done.forEach(
        (key, duration) ->
            tasks.merge(
                key,
                new Entry(duration.toMillis(), 1, at),
                (old, now) -> new Entry((old.millis() + now.millis()) / 2, old.runs() + 1, at)));
    Map<String, Entry> kept = new LinkedHashMap<>();
    tasks.entrySet().stream()
        .sorted(
            Comparator.comparing((Map.Entry<String, Entry> e) -> e.getValue().lastRunAt())
                .reversed())
        .limit(MAX_TASKS)
        .forEach(e -> kept.put(e.getKey(), e.getValue()));
    try {
      AtomicFile.write(file, Json.MAPPER.writeValueAsBytes(new Content(kept)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Map<String, Entry> read() {
    try {
      if (!Files.isRegularFile(file)) {
        return Map.of();
      }
      Content content = Json.MAPPER.readValue(file.toFile(), Content.class);
      return content.tasks() == null ? Map.of() : content.tasks();
    } catch (IOException e) {
      return Map.of(); // unreadable: scheduling falls back to what it does without history
    }
  }
}
