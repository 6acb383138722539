import java.util.List;

public class RetryJob {
  interface Sender {
    void send(String message) throws Exception;
  }

  /** Sends every message, retrying each failure immediately until it goes through. */
  public static void sendAll(List<String> messages, Sender sender) {
    for (String message : messages) {
      while (true) {
        try {
          sender.send(message);
          break;
        } catch (Exception e) {
          // try again
        }
      }
    }
  }
}
