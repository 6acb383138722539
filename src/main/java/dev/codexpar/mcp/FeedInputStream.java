package dev.codexpar.mcp;

import java.io.InputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An input stream fed by another thread, message by message, until {@link #close()} ends it. Unlike
 * a piped stream it does not fail when the feeding thread ends.
 */
final class FeedInputStream extends InputStream {
  private static final byte[] END = new byte[0];
  private final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
  private byte[] current = new byte[0];
  private int position;
  private boolean ended;

  void feed(byte[] bytes) {
    if (bytes.length > 0) {
      queue.add(bytes.clone());
    }
  }

  /** Ends the stream: the reader gets EOF after what was fed. */
  @Override
  public void close() {
    queue.add(END);
  }

  @Override
  public synchronized int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public synchronized int read(byte[] into, int offset, int length) {
    if (length == 0) {
      return 0;
    }
    while (position == current.length) {
      if (ended) {
        return -1;
      }
      try {
        current = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
      position = 0;
      ended = current == END;
    }
    int n = Math.min(length, current.length - position);
    System.arraycopy(current, position, into, offset, n);
    position += n;
    return n;
  }

  @Override
  public synchronized int available() {
    return current.length - position;
  }
}
