package dev.codexpar.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A log file that never grows past a cap: when a write would take it over, its older half is
 * dropped (the file then starts at a line boundary of what is kept) and the count of dropped bytes
 * grows. The tail is what tells why a task ended, so the tail is what stays. Compaction copies in
 * place, in small chunks, so neither memory nor disk ever holds more than the cap; each compaction
 * copies at most half the cap after at least half the cap was written, so writing stays linear.
 */
public final class CappedLog extends OutputStream {
  private static final int COPY_CHUNK = 64 * 1024;

  private final FileChannel channel;
  private final long cap;
  private long size;
  private long droppedBytes;

  /**
   * Creates (or empties) the file, never through a symbolic link.
   *
   * @param cap the most bytes the file holds; {@code Long.MAX_VALUE} for no cap
   */
  public CappedLog(Path file, long cap) throws IOException {
    this(file, cap, false);
  }

  /**
   * Creates the file, or with {@code append} goes on after what it holds (a later turn of the same
   * task), never through a symbolic link.
   */
  public CappedLog(Path file, long cap, boolean append) throws IOException {
    if (cap < 2) {
      throw new IllegalArgumentException("a log cap below 2 bytes: " + cap);
    }
    this.channel =
        append
            ? FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)
            : FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.READ, // compaction reads the tail back
                StandardOpenOption.TRUNCATE_EXISTING,
                LinkOption.NOFOLLOW_LINKS);
    this.cap = cap;
    this.size = channel.size();
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    if (length >= cap) {
      // a single write larger than the cap: only its last part can stay
      droppedBytes += size + length - cap / 2;
      size = 0;
      channel.truncate(0);
      offset += length - (int) (cap / 2);
      length = (int) (cap / 2);
    } else if (size + length > cap) {
      keepLast(Math.min(cap / 2, cap - length));
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
    while (buffer.hasRemaining()) {
      size += channel.write(buffer, size);
    }
  }

  /** Bytes dropped from the head of the log so far. */
  public synchronized long droppedBytes() {
    return droppedBytes;
  }

  private void keepLast(long keep) throws IOException {
    long from = firstLineStartAtOrAfter(size - keep);
    ByteBuffer chunk = ByteBuffer.allocate(COPY_CHUNK);
    long read = from;
    long written = 0;
    while (read < size) {
      chunk.clear();
      chunk.limit((int) Math.min(COPY_CHUNK, size - read));
      int n = channel.read(chunk, read);
      if (n < 0) {
        break;
      }
      chunk.flip();
      while (chunk.hasRemaining()) {
        written += channel.write(chunk, written);
      }
      read += n;
    }
    channel.truncate(written);
    droppedBytes += size - written;
    size = written;
  }

  /** Where the first line that starts at or after {@code position} begins (else position). */
  private long firstLineStartAtOrAfter(long position) throws IOException {
    if (position == 0) {
      return 0;
    }
    ByteBuffer chunk = ByteBuffer.allocate(COPY_CHUNK);
    for (long at = position - 1; at < size; ) {
      chunk.clear();
      int n = channel.read(chunk, at);
      if (n <= 0) {
        break;
      }
      for (int i = 0; i < n; i++) {
        if (chunk.get(i) == '\n') {
          return at + i + 1;
        }
      }
      at += n;
    }
    return position; // one line longer than half the cap: cut inside it
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
