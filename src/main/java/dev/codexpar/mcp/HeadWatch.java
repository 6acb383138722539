package dev.codexpar.mcp;

/**
 * Whether a connection of {@code serve --http} has waited too long for a request head (the request
 * line and headers). It is looked at once per header timeout: a connection that is waiting (no
 * answer in progress) and was waiting at the last look too, with no request begun in between, is
 * overdue. A new connection waits from its first moment, so its first head is timed exactly; after
 * an answer, a keep-alive connection whose next head does not come (or comes a byte at a time) is
 * overdue between one and two timeouts later. One per connection, used on its event loop only.
 */
final class HeadWatch {
  /** {@link #waitingAt} after a look that found an answer in progress. */
  private static final long BUSY = -1;

  private long requests;

  /** The number of requests begun as of the last look that found the connection waiting. */
  private long waitingAt;

  /** A request head has arrived whole (the request is handed on). */
  void requestBegun() {
    requests++;
  }

  /**
   * A look, once per header timeout.
   *
   * @param answering a request's answer is still in progress (its body may still be arriving, or
   *     the answer may stream for long): that is no wait for a head
   * @return the connection is to be closed
   */
  boolean overdue(boolean answering) {
    if (answering) {
      waitingAt = BUSY;
      return false;
    }
    boolean overdue = waitingAt == requests;
    waitingAt = requests;
    return overdue;
  }
}
