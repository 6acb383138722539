package dev.codexpar.mcp;

import dev.codexpar.store.Facts;
import dev.codexpar.usecase.RunDirectory;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.RequestId;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.Tool.Annotations;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolGuardrails;
import io.quarkiverse.mcp.server.ToolResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;

/** write_fact and read_facts: a run's shared facts. */
@Singleton
public class FactTools {
  @Inject UseCases useCases;

  @ToolGuardrails(input = ArgumentCheck.class)
  @Tool(
      name = "write_fact",
      description =
          "Write a shared fact (key = value) of a live run: prepended to the prompts of tasks"
              + " that start later. A value over 1 KiB is cut and marked ' [truncated]'.",
      annotations =
          @Annotations(
              readOnlyHint = false,
              destructiveHint = false,
              idempotentHint = true,
              openWorldHint = false))
  public ToolResponse writeFact(
      McpConnection connection,
      RequestId request,
      @ToolArg(name = "run_id") String runId,
      @ToolArg(description = "The fact's key (1-128 characters, no control characters).")
          String key,
      @ToolArg(description = "The fact's value (at most 1024 bytes are kept).") String value) {
    return ToolCalls.respond(
        connection,
        request,
        () -> {
          Facts.Written written =
              useCases.control().writeFact(useCases.directory().find(runId), key, value);
          Views.FactWritten view =
              new Views.FactWritten(
                  runId,
                  key,
                  written.fact().value(),
                  Views.text(written.fact().updatedAt()),
                  written.truncated(),
                  written.originalBytes());
          return new ToolCalls.Reply(
              view,
              "fact "
                  + key
                  + " written"
                  + (written.truncated()
                      ? " (cut from " + written.originalBytes() + " bytes to 1024 + marker)"
                      : ""));
        });
  }

  @ToolGuardrails(input = ArgumentCheck.class)
  @Tool(
      name = "read_facts",
      description = "Read every shared fact of a run (shared/facts.json), ordered by key.",
      annotations =
          @Annotations(
              readOnlyHint = true,
              destructiveHint = false,
              idempotentHint = true,
              openWorldHint = false))
  public ToolResponse readFacts(
      McpConnection connection, RequestId request, @ToolArg(name = "run_id") String runId) {
    return ToolCalls.respond(
        connection,
        request,
        () -> {
          RunDirectory.Found found = useCases.directory().find(runId);
          List<Views.FactView> list =
              useCases.reads().facts(found).entrySet().stream()
                  .map(
                      e ->
                          new Views.FactView(
                              e.getKey(),
                              e.getValue().value(),
                              Views.text(e.getValue().updatedAt())))
                  .toList();
          StringBuilder text = new StringBuilder(list.size() + " facts in run " + runId);
          list.forEach(f -> text.append('\n').append(f.key()).append(" = ").append(f.value()));
          return new ToolCalls.Reply(new Views.FactList(runId, list), text.toString());
        });
  }
}
