package dev.codexpar.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Copies a child's output stream to a log file byte for byte and hands each complete line to a
 * consumer. A line longer than the limit is still logged whole, but handed over cut (so a 5 MB or
 * endless line cannot exhaust memory); a last line without a newline is handed over at EOF.
 *
 * <p>A log that cannot be written (a full disk) stops the logging, never the reading: the child
 * must not block on a full pipe, and its lines are still handed over; the first failure is
 * returned.
 */
public final class LinePump {
  private final int maxLineBytes;

  public LinePump(int maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
  }

  /** What a pump did: bytes read, and the write that failed, if one did (then later ones not). */
  public record Pumped(long bytes, IOException logFailure) {}

  /** Runs until EOF. */
  public Pumped pump(InputStream in, OutputStream log, Consumer<Line> lines) throws IOException {
    return pump(in, log, lines, () -> {});
  }

  /**
   * As above; {@code afterChunk} runs after the lines of each read have been handed over, so a
   * consumer can publish once per burst of lines instead of once per line.
   *
   * @throws IOException only when reading fails
   */
  public Pumped pump(InputStream in, OutputStream log, Consumer<Line> lines, Runnable afterChunk)
      throws IOException {
    byte[] buffer = new byte[64 * 1024];
    ByteArrayOutputStream current = new ByteArrayOutputStream();
    boolean cut = false;
    long total = 0;
    IOException logFailure = null;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      if (logFailure == null) {
        try {
          log.write(buffer, 0, n);
          log.flush();
        } catch (IOException e) {
          logFailure = e;
        }
      }
      total += n;
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (buffer[i] == '\n') {
          cut |= append(current, buffer, start, i - start);
          lines.accept(toLine(current, cut));
          current.reset();
          cut = false;
          start = i + 1;
        }
      }
      cut |= append(current, buffer, start, n - start);
      afterChunk.run();
    }
    if (current.size() > 0 || cut) {
      lines.accept(toLine(current, cut));
      afterChunk.run();
    }
    return new Pumped(total, logFailure);
  }

  private boolean append(ByteArrayOutputStream current, byte[] buffer, int from, int length) {
    int room = maxLineBytes - current.size();
    if (length <= room) {
      current.write(buffer, from, length);
      return false;
    }
    if (room > 0) {
      current.write(buffer, from, room);
    }
    return true;
  }

  private static Line toLine(ByteArrayOutputStream bytes, boolean cut) {
    String text = bytes.toString(StandardCharsets.UTF_8);
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    return new Line(text, cut);
  }

  /** One line of output, without its line break; {@code cut} when it exceeded the limit. */
  public record Line(String text, boolean cut) {}
}
