package dev.codexpar.report;

import dev.codexpar.codex.CodexEvent;
import dev.codexpar.codex.CodexEvent.Item;
import dev.codexpar.codex.EventParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a task's event log shows it did: the commands it ran (with their exit codes) and the files
 * it changed, in order. Read with the one {@link EventParser}; capped so a huge log cannot bloat
 * the report.
 */
record TaskActivity(List<Command> commands, List<String> files, boolean cut) {
  static final int MAX_ENTRIES = 200;

  record Command(String command, Integer exitCode) {}

  static final TaskActivity NONE = new TaskActivity(List.of(), List.of(), false);

  static TaskActivity read(Path eventLog) {
    if (!Files.isRegularFile(eventLog)) {
      return NONE;
    }
    EventParser parser = new EventParser();
    List<Command> commands = new ArrayList<>();
    Set<String> files = new LinkedHashSet<>();
    boolean cut = false;
    try (BufferedReader lines = Files.newBufferedReader(eventLog, StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!(parser.parse(line).orElse(null) instanceof CodexEvent.ItemCompleted done)) {
          continue;
        }
        if (done.item() instanceof Item.CommandExecution c && !c.command().isEmpty()) {
          if (commands.size() < MAX_ENTRIES) {
            commands.add(new Command(c.command(), c.exitCode()));
          } else {
            cut = true;
          }
        } else if (done.item() instanceof Item.FileChange f && !"failed".equals(f.status())) {
          for (String path : f.paths()) {
            if (files.size() < MAX_ENTRIES) {
              files.add(path);
            } else {
              cut = true;
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + eventLog, e);
    }
    return new TaskActivity(List.copyOf(commands), List.copyOf(files), cut);
  }
}
