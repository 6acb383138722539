package dev.codexpar.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

@TopCommand
@Command(
    name = "codex-par",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Run many OpenAI Codex CLI agents in parallel, with dependencies between them.",
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      AskCommand.class,
      StatusCommand.class,
      TailCommand.class,
      DiffCommand.class,
      MergeCommand.class,
      CleanCommand.class,
      SteerCommand.class,
      ServeCommand.class,
      ReportCommand.class
    },
    footer = {
      "",
      "Exit codes:",
      "  0    every task done",
      "  1    a task failed, was skipped or was cancelled",
      "  2    usage or validation error (also: codex not found, run folder busy)",
      "  3    merge refused (a conflict, or local changes in the way): repository unchanged",
      "  130  interrupted (Ctrl+C, SIGTERM)"
    })
public class CodexParCommand {}
