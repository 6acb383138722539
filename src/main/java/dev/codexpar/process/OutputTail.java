package dev.codexpar.process;

import java.nio.charset.StandardCharsets;

/**
 * The last {@code capacity} bytes written to it, in bounded memory (a ring), read back as UTF-8
 * text that starts on a character boundary.
 */
final class OutputTail {
  private final byte[] ring;
  private long written;

  OutputTail(int capacity) {
    this.ring = new byte[capacity];
  }

  synchronized void write(byte[] bytes, int offset, int length) {
    // only the last ring.length bytes of a long write can stay
    int skip = Math.max(0, length - ring.length);
    written += skip;
    for (int i = offset + skip; i < offset + length; i++) {
      ring[(int) (written++ % ring.length)] = bytes[i];
    }
  }

  /** How many bytes were written in all (more than the capacity once the start is dropped). */
  synchronized long written() {
    return written;
  }

  synchronized String text() {
    int size = (int) Math.min(written, ring.length);
    byte[] tail = new byte[size];
    int start = (int) ((written - size) % ring.length);
    for (int i = 0; i < size; i++) {
      tail[i] = ring[(start + i) % ring.length];
    }
    int from = 0;
    if (written > ring.length) {
      // the ring may begin inside a character: skip its continuation bytes (10xxxxxx)
      while (from < size && (tail[from] & 0xC0) == 0x80) {
        from++;
      }
    }
    return new String(tail, from, size - from, StandardCharsets.UTF_8);
  }
}
