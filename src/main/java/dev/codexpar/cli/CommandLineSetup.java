package dev.codexpar.cli;

import dev.codexpar.plan.PlanException;
import dev.codexpar.store.RunFolder;
import dev.codexpar.usecase.Refusal;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/** Maps the engine's exceptions to messages and exit codes, once for every command. */
@ApplicationScoped
class CommandLineSetup {
  /** Set to 1 to get the stack trace of an internal error (a bug, an unexpected I/O failure). */
  static final String DEBUG_ENV = "CODEX_PAR_DEBUG";

  @Produces
  CommandLine commandLine(PicocliCommandLineFactory factory) {
    return configure(factory.create());
  }

  /** The same mapping for the command line that {@link Main} runs without the engine. */
  static CommandLine configure(CommandLine cli) {
    return configure(cli, System.getenv());
  }

  static CommandLine configure(CommandLine cli, Map<String, String> env) {
    cli.setExecutionExceptionHandler(
        (error, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (error instanceof CliException e) {
            err.println("codex-par: " + e.getMessage());
            return e.exitCode();
          }
          if (error instanceof RunFolder.CorruptFileException
              || error instanceof RunFolder.LinkedPathException) {
            // one line naming the file, not a stack trace
            err.println("codex-par: " + error.getMessage());
            return ExitCode.USAGE;
          }
          if (error instanceof PlanException e) {
            err.println(e.getMessage());
            return ExitCode.USAGE;
          }
          if (error instanceof Refusal e) {
            err.println("codex-par: " + e.getMessage() + remedy(e.remedy()));
            return ExitCode.USAGE;
          }
          err.println("codex-par: internal error: " + describe(error));
          if ("1".equals(env.get(DEBUG_ENV))) {
            error.printStackTrace(err);
          } else {
            err.println("(set " + DEBUG_ENV + "=1 for the stack trace)");
          }
          err.flush();
          return ExitCode.INTERNAL;
        });
    return cli;
  }

  /** What failed, in one line: the exception's kind and message, and its cause's if new. */
  private static String describe(Throwable error) {
    String text = oneLine(error);
    Throwable cause = error.getCause();
    if (cause != null && !text.contains(String.valueOf(cause.getMessage()))) {
      text += ": " + oneLine(cause);
    }
    return text;
  }

  private static String oneLine(Throwable t) {
    String message = t.getMessage();
    String name = t.getClass().getSimpleName();
    return (message == null ? name : name + " " + message).replaceAll("\\s+", " ");
  }

  private static String remedy(Refusal.Remedy remedy) {
    return switch (remedy) {
      case NONE -> "";
      case STOP_ORPHANS -> "; add --kill-orphans to stop them first";
    };
  }
}
