package dev.codexpar.cli;

import io.quarkus.picocli.runtime.PicocliRunner;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/**
 * Starts the picocli commands. Only {@code run} and {@code serve} drive the engine (the run
 * registry, the MCP server), so only they boot Quarkus; the folder commands ({@code status}, {@code
 * tail}, {@code clean}) and help only read and clean run folders and start without it, several
 * times faster (see BENCHMARKS.md, start-up).
 *
 * <p>Quarkus binds its HTTP listener while booting, before any command runs, so the listener is off
 * by default ({@code quarkus.http.host-enabled=false}) and switched on here, from the arguments,
 * only for a valid {@code serve --http}.
 */
@QuarkusMain
public class Main {
  private static final Set<String> ENGINE_COMMANDS = Set.of("run", "serve");

  private Main() {}

  public static void main(String... args) {
    if (!needsEngine(args)) {
      System.exit(CommandLineSetup.configure(new CommandLine(CodexParCommand.class)).execute(args));
    }
    listenerSettings(args).forEach(System::setProperty);
    Quarkus.run(PicocliRunner.class, args);
  }

  /** The subcommand is the first argument that is no option: the top command takes no values. */
  static boolean needsEngine(String[] args) {
    return Arrays.stream(args)
        .filter(a -> !a.startsWith("-"))
        .findFirst()
        .filter(ENGINE_COMMANDS::contains)
        .isPresent();
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
