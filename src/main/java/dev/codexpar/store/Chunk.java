package dev.codexpar.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A piece of a growing text file, read from a byte offset, never ending inside a UTF-8 character.
 *
 * @param nextOffset where the next read starts
 * @param totalBytes the file's size at the time of the read
 */
public record Chunk(String text, long offset, long nextOffset, long totalBytes) {
  public static final int DEFAULT_MAX_BYTES = 64 * 1024;
  public static final int MAX_BYTES = 1024 * 1024;

  /**
   * Reads up to {@code maxBytes} (capped at {@link #MAX_BYTES}); a missing file reads as empty. A
   * symbolic link is never followed (its target may be anywhere): it fails the read.
   */
  public static Chunk read(Path file, long offset, int maxBytes) throws IOException {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return new Chunk("", offset, offset, 0);
    }
    int limit = Math.min(Math.max(maxBytes, 1), MAX_BYTES);
    try (FileChannel in =
        FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long total = in.size();
      if (offset >= total) {
        return new Chunk("", offset, offset, total);
      }
      // Read up to 3 bytes more so that a character cut by the limit can be completed.
      byte[] bytes = new byte[(int) Math.min(limit + 3L, total - offset)];
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining() && in.read(buffer, offset + buffer.position()) >= 0) {
        // a positional read may return fewer bytes
      }
      int got = buffer.position();
      int end =
          got <= limit && offset + got == total
              ? got
              : Utf8.boundary(bytes, 0, Math.min(limit, got));
      return new Chunk(
          new String(bytes, 0, end, StandardCharsets.UTF_8), offset, offset + end, total);
    }
  }

  public boolean atEnd() {
    return nextOffset >= totalBytes;
  }
}
