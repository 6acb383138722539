package dev.codexpar.mcp;

import dev.codexpar.usecase.RunControl;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.RequestId;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.Tool.Annotations;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolGuardrails;
import io.quarkiverse.mcp.server.ToolResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.stream.Collectors;

/** cancel_run: a run or one task of it, or the orphans of a run whose server died. */
@Singleton
public class CancelTool {
  private static final String CLIENT_CANCEL = "cancelled by the MCP client";

  @Inject UseCases useCases;

  @ToolGuardrails(input = ArgumentCheck.class)
  @Tool(
      name = "cancel_run",
      description =
          "Cancel a run, or one task: process trees killed, dependants skipped; waits (up to"
              + " 5 s) until they are final. For an interrupted run it stops the codex processes"
              + " left running (stopped_orphans).",
      annotations =
          @Annotations(
              readOnlyHint = false,
              destructiveHint = true,
              idempotentHint = true,
              openWorldHint = false))
  public ToolResponse cancelRun(
      McpConnection connection,
      RequestId request,
      @ToolArg(name = "run_id") String runId,
      @ToolArg(description = "Cancel only this task.", required = false) String task) {
    return ToolCalls.respond(
        connection,
        request,
        () -> {
          RunControl.Cancelled done =
              useCases.control().cancel(useCases.directory().find(runId), task, CLIENT_CANCEL);
          String status = done.after().status().wireName();
          return new ToolCalls.Reply(
              new Views.Cancelled(runId, task, done.cancelled(), status, done.stoppedOrphans()),
              text(runId, task, done, status));
        });
  }

  private static String text(String runId, String task, RunControl.Cancelled done, String status) {
    String what = task != null ? "task " + task : "run " + runId;
    if (!done.stoppedOrphans().isEmpty()) {
      return "stopped the codex processes run "
          + runId
          + " ("
          + status
          + ") left running: "
          + done.stoppedOrphans().stream()
              .map(o -> "task " + o.task() + ": pid " + o.pid())
              .collect(Collectors.joining(", "));
    }
    if (done.ownerGone()) {
      return "nothing to cancel: "
          + (task != null ? "task " + task + " of " : "")
          + "run "
          + runId
          + " is over and left no codex process running";
    }
    return done.cancelled().isEmpty()
        ? "nothing to cancel: " + what + " is over"
        : "cancelled " + String.join(", ", done.cancelled()) + "; run " + runId + " is " + status;
  }
}
