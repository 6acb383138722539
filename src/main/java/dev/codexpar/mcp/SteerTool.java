package dev.codexpar.mcp;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.RequestId;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.Tool.Annotations;
import io.quarkiverse.mcp.server.Tool.OutputSchema;
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
          "Send a message into the running turn of a task, as a user would type while the agent"
              + " works: the model sees it with its next request. Only for runs started with"
              + " transport app-server, and only while the task runs (else TASK_NOT_RUNNING or"
              + " NOT_STEERABLE). Returns once the app-server took the message.",
      annotations =
          @Annotations(
              title = "Steer a running task",
              readOnlyHint = false,
              destructiveHint = false,
              idempotentHint = false,
              openWorldHint = true),
      outputSchema = @OutputSchema(from = Steered.class))
  public ToolResponse steerTask(
      McpConnection connection,
      RequestId request,
      @ToolArg(name = "run_id", description = "The run (from start_run).") String runId,
      @ToolArg(description = "The running task.") String task,
      @ToolArg(description = "What to tell it.") String message) {
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
