package dev.codexpar.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

@TopCommand
@Command(
    name = "codex-par",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Run many OpenAI Codex CLI agents in parallel, with dependencies between them.",
    subcommands = {RunCommand.class, StatusCommand.class, CleanCommand.class, ServeCommand.class},
    footer = {
      "",
      "Exit codes: 0 all done, 1 a task failed/skipped/cancelled, 2 usage or validation error,",
      "130 interrupted."
    })
public class CodexParCommand {}
