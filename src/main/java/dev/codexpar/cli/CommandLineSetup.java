package dev.codexpar.cli;

import dev.codexpar.plan.PlanException;
import dev.codexpar.store.RunFolder;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/** Maps the engine's exceptions to messages and exit codes, once for every command. */
@ApplicationScoped
class CommandLineSetup {
  @Produces
  CommandLine commandLine(PicocliCommandLineFactory factory) {
    return configure(factory.create());
  }

  /** The same mapping for the command line that {@link Main} runs without the engine. */
  static CommandLine configure(CommandLine cli) {
    cli.setExecutionExceptionHandler(
        (error, commandLine, parseResult) -> {
          if (error instanceof CliException e) {
            commandLine.getErr().println("codex-par: " + e.getMessage());
            return e.exitCode();
          }
          if (error instanceof RunFolder.CorruptFileException
              || error instanceof RunFolder.LinkedPathException) {
            // one line naming the file, not a stack trace
            commandLine.getErr().println("codex-par: " + error.getMessage());
            return ExitCode.USAGE;
          }
          if (error instanceof PlanException e) {
            commandLine.getErr().println(e.getMessage());
            return ExitCode.USAGE;
          }
          throw error;
        });
    return cli;
  }
}
