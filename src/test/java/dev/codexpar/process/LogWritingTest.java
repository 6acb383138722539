package dev.codexpar.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A log that fills up or cannot be written never stops a child's output from being read. */
class LogWritingTest {
  @TempDir Path dir;

  @Test
  void aFullDiskStopsTheLogNotTheReading() throws Exception {
    // /dev/full answers every write with ENOSPC, as a full file system does
    byte[] output = "{\"n\":1}\n".repeat(400_000).getBytes(StandardCharsets.UTF_8); // 3.2 MB
    List<String> lines = new ArrayList<>();
    LinePump.Pumped pumped;
    try (OutputStream full = new FileOutputStream("/dev/full")) {
      pumped =
          new LinePump(1024).pump(new ByteArrayInputStream(output), full, l -> lines.add(l.text()));
    }
    assertThat(pumped.bytes()).isEqualTo(output.length);
    assertThat(lines).hasSize(400_000);
    assertThat(pumped.logFailure()).hasMessageContaining("No space left on device");
  }

  @Test
  void aCappedLogKeepsItsTailFromALineStartAndCountsWhatItDropped() throws Exception {
    Path file = dir.resolve("x.jsonl");
    long cap = 64 * 1024;
    long written = 0;
    try (CappedLog log = new CappedLog(file, cap)) {
      for (int i = 0; i < 20_000; i++) {
        byte[] line =
            String.format("{\"line\":%08d,\"pad\":\"%s\"}%n", i, "p".repeat(i % 300))
                .getBytes(StandardCharsets.UTF_8);
        log.write(line, 0, line.length);
        written += line.length;
        assertThat(Files.size(file)).isLessThanOrEqualTo(cap);
      }
      assertThat(log.droppedBytes()).isEqualTo(written - Files.size(file));
    }
    List<String> kept = Files.readAllLines(file);
    assertThat(kept.get(0)).startsWith("{\"line\":");
    assertThat(kept.get(kept.size() - 1)).startsWith("{\"line\":00019999,");
    // whole lines only, in order, up to the last one
    int first = Integer.parseInt(kept.get(0).substring(8, 16));
    for (int i = 0; i < kept.size(); i++) {
      assertThat(kept.get(i)).startsWith(String.format("{\"line\":%08d,", first + i));
    }
  }

  @Test
  void aSingleWriteLargerThanTheCapKeepsItsEnd() throws Exception {
    Path file = dir.resolve("big.log");
    try (CappedLog log = new CappedLog(file, 1000)) {
      byte[] big = ("a".repeat(5000) + "END").getBytes(StandardCharsets.UTF_8);
      log.write(big, 0, big.length);
      assertThat(log.droppedBytes()).isEqualTo(big.length - Files.size(file));
    }
    assertThat(Files.readString(file)).endsWith("END").hasSizeLessThanOrEqualTo(1000);
  }

  @Test
  void aLogIsNeverOpenedThroughASymbolicLink() throws Exception {
    Path outside = Files.writeString(dir.resolve("outside.txt"), "keep");
    Path link = Files.createSymbolicLink(dir.resolve("x.stderr.log"), outside);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CappedLog(link, 1000))
        .isInstanceOf(java.io.IOException.class);
    assertThat(Files.readString(outside)).isEqualTo("keep");
  }
}
