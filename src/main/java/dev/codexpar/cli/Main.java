package dev.codexpar.cli;

import io.quarkus.picocli.runtime.PicocliRunner;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.Arrays;
import java.util.Set;
import picocli.CommandLine;

/**
 * Starts the picocli commands. Only {@code serve} needs Quarkus (the MCP server extensions, CDI,
 * Vert.x), so only it boots Quarkus; {@code run} and the folder commands ({@code status}, {@code
 * tail}, {@code clean}) and help use the engine's classes directly and start several times faster
 * (see BENCHMARKS.md, start-up). The launcher applies the same rule to pick how the JVM starts.
 *
 * <p>Quarkus's own HTTP listener stays off ({@code quarkus.http.host-enabled=false}): {@code serve
 * --http} opens its own once its arguments are checked ({@code mcp.HttpListener}).
 */
@QuarkusMain
public class Main {
  private static final Set<String> QUARKUS_COMMANDS = Set.of("serve");

  private Main() {}

  public static void main(String... args) {
    if (!needsQuarkus(args)) {
      // Mutiny's context propagation reads the Quarkus configuration; without Quarkus there is no
      // context to propagate.
      Infrastructure.clearInterceptors();
      System.exit(CommandLineSetup.configure(new CommandLine(CodexParCommand.class)).execute(args));
    }
    Quarkus.run(PicocliRunner.class, args);
  }

  /** The subcommand is the first argument that is no option: the top command takes no values. */
  static boolean needsQuarkus(String[] args) {
    return Arrays.stream(args)
        .filter(a -> !a.startsWith("-"))
        .findFirst()
        .filter(QUARKUS_COMMANDS::contains)
        .isPresent();
  }
}
