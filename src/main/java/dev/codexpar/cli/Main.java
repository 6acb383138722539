package dev.codexpar.cli;

import io.quarkus.picocli.runtime.PicocliRunner;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Map;

/**
 * Starts Quarkus with the picocli commands. Quarkus binds its HTTP listener while booting, before
 * any command runs, so the listener is off by default ({@code quarkus.http.host-enabled=false}) and
 * switched on here, from the arguments, only for a valid {@code serve --http}.
 */
@QuarkusMain
public class Main {
  private Main() {}

  public static void main(String... args) {
    listenerSettings(args).forEach(System::setProperty);
    Quarkus.run(PicocliRunner.class, args);
  }

  /** The Quarkus properties that bind the listener, for {@code serve --http}; else none. */
  static Map<String, String> listenerSettings(String[] args) {
    return ServeCommand.listener(args, System.getenv())
        .map(
            l ->
                Map.of(
                    "quarkus.http.host-enabled", "true",
                    "quarkus.http.host", l.host(),
                    "quarkus.http.port", Integer.toString(l.port())))
        .orElse(Map.of());
  }
}
