package dev.codexpar.store;

import java.nio.charset.StandardCharsets;

/** UTF-8 byte handling that never splits a character. */
public final class Utf8 {
  private Utf8() {}

  /** The longest prefix of at most {@code maxBytes} bytes that ends on a character boundary. */
  public static int boundary(byte[] bytes, int from, int maxBytes) {
    int end = Math.min(bytes.length, from + maxBytes);
    if (end == bytes.length) {
      return end;
    }
    // Step back over continuation bytes (10xxxxxx) to the start of the cut character.
    int cut = end;
    while (cut > from && (bytes[cut] & 0xC0) == 0x80) {
      cut--;
    }
    if (cut > from) {
      return cut;
    }
    // A single character longer than the limit: take it whole rather than split it.
    int lead = bytes[from] & 0xFF;
    int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return Math.min(bytes.length, from + length);
  }

  static String cut(byte[] bytes, int maxBytes) {
    return new String(bytes, 0, boundary(bytes, 0, maxBytes), StandardCharsets.UTF_8);
  }
}
