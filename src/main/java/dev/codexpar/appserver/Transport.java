package dev.codexpar.appserver;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** One JSON-RPC message per line (stdio) or per text frame (WebSocket), both ways. */
interface Transport {
  /**
   * Starts delivering messages, one at a time and in order, on one reader thread; {@code closed}
   * runs once with the reason when the connection ends for any cause (also after {@link #close}).
   */
  void start(Consumer<String> messages, Consumer<String> closed);

  /** Sends one message; safe from any thread. Fails (not throws) when the connection is gone. */
  CompletableFuture<Void> send(String message);

  /** Ends the connection; for a child, when its whole process tree is gone. */
  CompletableFuture<Void> close();

  /** The child's process, for a transport that started one (meta files record its pid). */
  default ProcessHandle process() {
    return null;
  }
}
