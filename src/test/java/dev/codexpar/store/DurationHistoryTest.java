package dev.codexpar.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurationHistoryTest {
  private static final Instant AT = Instant.parse("2026-12-01T12:00:00Z");
  @TempDir Path tmp;

  @Test
  void anEstimateWeighsTheNewestRunHalf() {
    DurationHistory history = new DurationHistory(tmp.resolve(DurationHistory.FILE_NAME));
    String key = DurationHistory.key("build", "make it");
    history.record(Map.of(key, Duration.ofSeconds(10)), AT);
    history.record(Map.of(key, Duration.ofSeconds(20)), AT.plusSeconds(60));

    assertThat(new DurationHistory(tmp.resolve(DurationHistory.FILE_NAME)).estimates())
        .containsExactly(Map.entry(key, Duration.ofSeconds(15)));
  }

  @Test
  void aChangedPromptIsAnotherTask() {
    assertThat(DurationHistory.key("build", "make it"))
        .isNotEqualTo(DurationHistory.key("build", "make it fast"))
        .startsWith("build ");
    assertThat(DurationHistory.key("review", null)).isEqualTo(DurationHistory.key("review", ""));
  }

  @Test
  void aMissingOrBrokenFileIsAnEmptyHistory() throws IOException {
    Path file = tmp.resolve(DurationHistory.FILE_NAME);
    assertThat(new DurationHistory(file).estimates()).isEmpty();
    Files.writeString(file, "{not json");
    assertThat(new DurationHistory(file).estimates()).isEmpty();
  }

  @Test
  void anEntryWithoutWholeMillisIsLeftOutAndTheOthersKept() throws IOException {
    Path file = tmp.resolve(DurationHistory.FILE_NAME);
    Files.writeString(
        file,
        "{\"tasks\":{\"a 00\":{\"millis\":1500,\"runs\":2},\"b 00\":{\"millis\":\"soon\"},"
            + "\"c 00\":{\"runs\":1},\"d 00\":{\"millis\":2.5}}}");

    assertThat(new DurationHistory(file).estimates())
        .containsExactly(Map.entry("a 00", Duration.ofMillis(1500)));
  }
}
