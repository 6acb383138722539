package dev.codexpar.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGINT, SIGTERM and SIGHUP into a call (e.g. cancel the run) instead of the JVM's abrupt
 * exit, so that children are stopped and files finalized before codex-par exits. Restores the
 * previous handlers on close.
 */
final class Interrupts implements AutoCloseable {
  private static final String[] SIGNALS = {"INT", "TERM", "HUP"};
  private final Map<Signal, SignalHandler> previous = new HashMap<>();

  private Interrupts() {}

  /** Installs the handler; it receives the signal's name (e.g. {@code TERM}). */
  static Interrupts install(Consumer<String> handler) {
    Interrupts interrupts = new Interrupts();
    for (String name : SIGNALS) {
      try {
        Signal signal = new Signal(name);
        interrupts.previous.put(signal, Signal.handle(signal, s -> handler.accept(s.getName())));
      } catch (IllegalArgumentException e) {
        // Not a signal on this platform (or reserved by the JVM): the shutdown hook still applies.
      }
    }
    return interrupts;
  }

  @Override
  public void close() {
    previous.forEach(Signal::handle);
  }
}
