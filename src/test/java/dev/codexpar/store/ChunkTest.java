package dev.codexpar.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkTest {
  @TempDir Path tmp;

  @Test
  void chunksOfAnyLimitReassembleTheTextAndNeverSplitACharacter() throws IOException {
    String text = "aé€😀b".repeat(3);
    Path file = write(text);
    for (int limit = 1; limit <= 8; limit++) {
      StringBuilder read = new StringBuilder();
      long offset = 0;
      Chunk chunk;
      do {
        chunk = Chunk.read(file, offset, limit);
        assertThat(chunk.text()).doesNotContain("\uFFFD");
        read.append(chunk.text());
        offset = chunk.nextOffset();
      } while (!chunk.atEnd());
      assertThat(read.toString()).as("limit %d", limit).isEqualTo(text);
    }
  }

  @Test
  void aCutInsideACharacterStopsBeforeItAndTheNextReadTakesIt() throws IOException {
    Path file = write("ab😀"); // 61 62 f0 9f 98 80
    Chunk first = Chunk.read(file, 0, 4);
    assertThat(first.text()).isEqualTo("ab");
    assertThat(first.nextOffset()).isEqualTo(2);
    assertThat(first.atEnd()).isFalse();
    Chunk second = Chunk.read(file, 2, 1); // smaller than the character: taken whole
    assertThat(second.text()).isEqualTo("😀");
    assertThat(second.nextOffset()).isEqualTo(6);
    assertThat(second.atEnd()).isTrue();
  }

  @Test
  void aMissingFileOrAnOffsetAtTheEndReadsEmpty() throws IOException {
    assertThat(Chunk.read(tmp.resolve("none"), 0, 10).text()).isEmpty();
    Path file = write("abc");
    Chunk end = Chunk.read(file, 3, 10);
    assertThat(end.text()).isEmpty();
    assertThat(end.totalBytes()).isEqualTo(3);
    assertThat(end.atEnd()).isTrue();
  }

  private Path write(String text) throws IOException {
    Path file = tmp.resolve("log");
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    return file;
  }
}
