/** A small sample for the codex-par demo: a job runner that retries (and loses work on a crash). */
public final class RetryJob {
  private final java.util.Queue<String> queue;

  RetryJob(java.util.Queue<String> queue) {
    this.queue = queue;
  }

  void runOnce() {
    String item = queue.poll(); // acknowledged before it is processed
    while (true) {
      try {
        process(item);
        return;
      } catch (Exception e) {
        // retried at once, forever
      }
    }
  }

  private void process(String item) throws Exception {}
}
