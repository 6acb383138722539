package dev.codexpar.store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A piece of a growing text file, read from a byte offset, never ending inside a UTF-8 character.
 *
 * @param nextOffset where the next read starts
 * @param totalBytes the file's size at the time of the read
 */
public record Chunk(String text, long offset, long nextOffset, long totalBytes) {
  public static final int DEFAULT_MAX_BYTES = 64 * 1024;
  public static final int MAX_BYTES = 1024 * 1024;

  /** Reads up to {@code maxBytes} (capped at {@link #MAX_BYTES}); a missing file reads as empty. */
  public static Chunk read(Path file, long offset, int maxBytes) throws IOException {
    if (!Files.isRegularFile(file)) {
      return new Chunk("", offset, offset, 0);
    }
    int limit = Math.min(Math.max(maxBytes, 1), MAX_BYTES);
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long total = in.length();
      if (offset >= total) {
        return new Chunk("", offset, offset, total);
      }
      // Read up to 3 bytes more so that a character cut by the limit can be completed.
      byte[] bytes = new byte[(int) Math.min(limit + 3L, total - offset)];
      in.seek(offset);
      in.readFully(bytes);
      int end =
          bytes.length <= limit && offset + bytes.length == total
              ? bytes.length
              : Utf8.boundary(bytes, 0, limit);
      return new Chunk(
          new String(bytes, 0, end, StandardCharsets.UTF_8), offset, offset + end, total);
    }
  }

  public boolean atEnd() {
    return nextOffset >= totalBytes;
  }
}
