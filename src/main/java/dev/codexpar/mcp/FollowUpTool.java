package dev.codexpar.mcp;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.run.Run;
import dev.codexpar.run.RunOptions;
import dev.codexpar.usecase.FollowUps;
import dev.codexpar.usecase.RunDirectory;
import dev.codexpar.usecase.RunReads;
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
import java.time.Duration;
import java.util.Map;

/** follow_up: continue a finished task's codex session with a new prompt, as a new turn. */
@Singleton
@RegisterForReflection(targets = FollowUpTool.FollowedUp.class)
public class FollowUpTool {
  private static final Duration KILL_GRACE = Duration.ofSeconds(2);

  @Inject UseCases useCases;
  @Inject TaskResources resources;

  /** follow_up's result: the task is running its new turn. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record FollowedUp(String runId, String task, int turn, String status) {}

  @ToolGuardrails(input = ArgumentCheck.class)
  @Tool(
      name = "follow_up",
      description =
          "Ask a finished (done or failed) task a follow-up: its codex session goes on with"
              + " `prompt` as a new turn, in its folder, with everything it read and said before."
              + " Returns at once; get_status shows the task running again, read_output the new"
              + " answer once it is done (the earlier ones stay as outputs/NAME.turn-N.md). Works"
              + " on a live run (on app-server: once it is over) and on one that is over.",
      annotations =
          @Annotations(
              readOnlyHint = false,
              destructiveHint = false,
              idempotentHint = false,
              openWorldHint = true))
  public ToolResponse followUp(
      McpConnection connection,
      RequestId request,
      @ToolArg(name = "run_id", description = "The run (from start_run).") String runId,
      @ToolArg(description = "The task to ask.") String task,
      @ToolArg(description = "What to ask or tell it.") String prompt) {
    return ToolCalls.respond(
        connection,
        request,
        () -> {
          RunDirectory.Found found = useCases.directory().find(runId);
          ServeSettings settings = useCases.settings();
          RunOptions options =
              new RunOptions(
                  RunOptions.DEFAULT_MAX_PARALLEL,
                  true,
                  false,
                  settings.codexBin(),
                  Map.of(),
                  KILL_GRACE);
          Run run =
              new FollowUps(useCases.registry)
                  .followUp(
                      found, task, prompt, options, settings.caps(), resources.updates(runId));
          resources.register(runId, run.taskNames());
          TaskSnapshot now = RunReads.task(run.snapshot(), task);
          int turn = now.turns().isEmpty() ? 1 : now.turns().get(now.turns().size() - 1).turn();
          return new ToolCalls.Reply(
              new FollowedUp(runId, task, turn, now.status().wireName()),
              "task "
                  + task
                  + " of run "
                  + runId
                  + " is "
                  + now.status().wireName()
                  + " with turn "
                  + turn
                  + "; poll get_status with wait_s, then read_output for its answer.");
        });
  }
}
