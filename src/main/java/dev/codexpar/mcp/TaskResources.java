package dev.codexpar.mcp;

import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.store.Chunk;
import dev.codexpar.usecase.Refusal;
import dev.codexpar.usecase.RunReads;
import io.quarkiverse.mcp.server.ResourceManager;
import io.quarkiverse.mcp.server.ResourceResponse;
import io.quarkiverse.mcp.server.ResourceTemplate;
import io.quarkiverse.mcp.server.ResourceTemplateArg;
import io.quarkiverse.mcp.server.TextResourceContents;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Each task's output and stderr log as an MCP resource with a stable URI per run and task: the
 * tasks of runs this server started are listed ({@code resources/list}), every run's are readable
 * through the template, and subscribers hear when an output is written (the task ended).
 */
@Singleton
public class TaskResources {
  static final String SCHEME = "codex-par://runs/";

  @Inject ResourceManager resources;
  @Inject UseCases useCases;

  static String uri(String runId, String task, RunReads.TaskFile file) {
    return SCHEME + runId + "/tasks/" + task + "/" + file.name().toLowerCase(Locale.ROOT);
  }

  /** Lists the tasks' files as resources, so that a client can attach them by name. */
  void register(String runId, Collection<String> tasks) {
    for (String task : tasks) {
      for (RunReads.TaskFile file : RunReads.TaskFile.values()) {
        String uri = uri(runId, task, file);
        if (resources.getResource(uri) == null) {
          resources
              .newResource(task + " " + file.name().toLowerCase(Locale.ROOT) + " (" + runId + ")")
              .setUri(uri)
              .setMimeType(mimeType(file))
              .setDescription(description(task, file))
              .setHandler(args -> read(runId, task, file))
              .register();
        }
      }
    }
  }

  /** Tells the subscribers of a task's files when it ends: its output is written then. */
  Consumer<TaskSnapshot> updates(String runId) {
    return task -> {
      if (task.status().isFinal()) {
        for (RunReads.TaskFile file : RunReads.TaskFile.values()) {
          ResourceManager.ResourceInfo info = resources.getResource(uri(runId, task.name(), file));
          if (info != null) {
            info.sendUpdateAndForget();
          }
        }
      }
    };
  }

  @ResourceTemplate(
      name = "task_file",
      description =
          "A task's output (outputs/<task>.md) or stderr log of any run this server's root knows.",
      uriTemplate = SCHEME + "{runId}/tasks/{task}/{file}",
      mimeType = "text/markdown")
  ResourceResponse taskFile(
      @ResourceTemplateArg(name = "runId") String runId,
      @ResourceTemplateArg(name = "task") String task,
      @ResourceTemplateArg(name = "file") String file) {
    RunReads.TaskFile which =
        switch (file) {
          case "output" -> RunReads.TaskFile.OUTPUT;
          case "stderr" -> RunReads.TaskFile.STDERR;
          default ->
              throw Refusal.invalid(
                  "a task's resource is its output or its stderr, not '"
                      + ArgumentCheck.escape(file)
                      + "'");
        };
    return read(runId, task, which);
  }

  /** The file's text, at most {@link Chunk#MAX_BYTES} of it (read_output pages through more). */
  private ResourceResponse read(String runId, String task, RunReads.TaskFile file) {
    try {
      RunReads.Read read =
          useCases.reads().read(useCases.directory().find(runId), task, file, 0L, Chunk.MAX_BYTES);
      return new ResourceResponse(
          new TextResourceContents(uri(runId, task, file), read.chunk().text(), mimeType(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String mimeType(RunReads.TaskFile file) {
    return file == RunReads.TaskFile.OUTPUT ? "text/markdown" : "text/plain";
  }

  private static String description(String task, RunReads.TaskFile file) {
    return file == RunReads.TaskFile.OUTPUT
        ? "The result of task " + task + " (codex's final message), written when it ends."
        : "Codex's own diagnostics for task " + task + ".";
  }
}
