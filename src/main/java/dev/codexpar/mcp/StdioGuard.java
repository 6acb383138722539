package dev.codexpar.mcp;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Stands between the client's stdin and the MCP extension's stdio reader, because the extension
 * (1.10.1) stops reading for good at the first line that is not JSON, and exits at stdin EOF before
 * answering the requests still in flight.
 *
 * <p>Each line of the client is checked here: JSON objects go on to the extension (re-encoded as
 * pure ASCII, so that its reader's platform charset cannot garble them), anything else is answered
 * here with a JSON-RPC error. Answers written by the extension are watched, so that at EOF the
 * guard can wait until every forwarded request has been answered.
 */
final class StdioGuard {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonGenerator.Feature.ESCAPE_NON_ASCII).build();
  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;

  /**
   * The longest request line taken (a tasks text's 2 MiB, escaped, fits); a longer one is answered
   * with an error and skipped, read in constant memory.
   */
  static final int MAX_LINE_CHARS = 16 << 20;

  private final InputStream clientIn;
  private final FeedInputStream toTransport = new FeedInputStream();
  private final PrintStream transportOut;
  private final Set<String> unanswered = new HashSet<>();

  /**
   * @param clientIn the client's requests (the process's real stdin)
   * @param clientOut the client's side of the protocol (the process's real stdout)
   */
  StdioGuard(InputStream clientIn, OutputStream clientOut) {
    this.clientIn = clientIn;
    this.transportOut = new AnswerWatchingStream(clientOut);
  }

  /** What the extension reads instead of stdin. */
  InputStream transportIn() {
    return toTransport;
  }

  /** What the extension writes to: the client's stdout, watched for answers. */
  PrintStream transportOut() {
    return transportOut;
  }

  /**
   * Pumps the client's lines until EOF (or a read failure), then calls {@code onEof}. Runs on the
   * caller's thread.
   */
  void pump(Runnable onEof) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(clientIn, StandardCharsets.UTF_8))) {
      StringBuilder line = new StringBuilder();
      boolean tooLong = false;
      for (int c = lines.read(); c != -1; c = lines.read()) {
        if (c != '\n') {
          if (line.length() < MAX_LINE_CHARS) {
            line.append((char) c);
          } else {
            tooLong = true;
          }
          continue;
        }
        if (tooLong) {
          answerError(
              null,
              INVALID_REQUEST,
              "Invalid Request: a line longer than " + MAX_LINE_CHARS + " characters");
        } else if (!line.toString().isBlank()) {
          handle(line.toString());
        }
        line.setLength(0);
        tooLong = false;
      }
    } catch (IOException e) {
      // The client is gone either way: same path as EOF.
    }
    onEof.run();
  }

  private void handle(String line) throws JsonProcessingException {
    JsonNode message;
    try {
      message = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      answerError(null, PARSE_ERROR, "Parse error: the line is not JSON");
      return;
    }
    if (message == null || !message.isObject()) {
      answerError(null, INVALID_REQUEST, "Invalid Request: expected a JSON object");
      return;
    }
    Optional<String> invalid = RequestShape.invalidParams(message);
    if (invalid.isPresent()) {
      if (message.has("id")) {
        answerError(message.get("id"), RequestShape.INVALID_PARAMS, invalid.get());
      }
      return;
    }
    if (message.hasNonNull("method") && message.has("id")) {
      synchronized (unanswered) {
        unanswered.add(message.get("id").toString());
      }
    }
    toTransport.feed((JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  private void answerError(JsonNode id, int code, String text) {
    transportOut.println(RequestShape.error(id, code, text).toString());
  }

  /** Waits until every forwarded request has its answer, or the time is up. */
  boolean awaitAnswered(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    synchronized (unanswered) {
      while (!unanswered.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        unanswered.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /** Ends the extension's input: it then sees EOF and asks Quarkus to exit. */
  void closeTransportInput() {
    toTransport.close();
  }

  private void answered(String message) {
    JsonNode node;
    try {
      node = JSON.readTree(message);
    } catch (JsonProcessingException e) {
      return;
    }
    boolean isAnswer =
        node != null
            && node.isObject()
            && !node.has("method")
            && node.has("id")
            && (node.has("result") || node.has("error"));
    if (isAnswer) {
      synchronized (unanswered) {
        unanswered.remove(node.get("id").toString());
        unanswered.notifyAll();
      }
    }
  }

  /** The extension writes each message with {@code println(String)}: one line, one message. */
  private final class AnswerWatchingStream extends PrintStream {
    AnswerWatchingStream(OutputStream out) {
      super(out, true, StandardCharsets.UTF_8);
    }

    @Override
    public void println(String message) {
      synchronized (this) {
        super.println(message);
      }
      answered(message);
    }
  }
}
