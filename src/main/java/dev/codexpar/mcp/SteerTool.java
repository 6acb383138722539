package dev.codexpar.mcp;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.RequestId;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.Tool.Annotations;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolGuardrails;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** steer_task: a message into the running turn of a task on the app-server transport. */
@Singleton
@RegisterForReflection(targets = SteerTool.Steered.class)
public class SteerTool {
  @Inject UseCases useCases;

  /** steer_task's result. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Steered(String runId, String task, int messageLength) {}

  @ToolGuardrails(input = ArgumentCheck.class)
  @Tool(
      name = "steer_task",
      description =
          "Send a message into a task's running turn (runs on transport app-server only).",
      annotations =
          @Annotations(
              readOnlyHint = false,
              destructiveHint = false,
              idempotentHint = false,
              openWorldHint = true))
  public ToolResponse steerTask(
      McpConnection connection,
      RequestId request,
      @ToolArg(name = "run_id") String runId,
      @ToolArg() String task,
      @ToolArg() String message) {
    return ToolCalls.respond(
        connection,
        request,
        () -> {
          useCases.control().steer(useCases.directory().find(runId), task, message);
          return new ToolCalls.Reply(
              new Steered(runId, task, message.length()),
              "steered task " + task + " of run " + runId);
        });
  }
}
