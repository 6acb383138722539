package dev.codexpar.mcp;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.usecase.Refusal;
import dev.codexpar.usecase.Runs;
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
import java.util.Map;

/** dispatch_task, dispatch_wave and seal_dispatch: feeding a dynamic run. */
@Singleton
public class DispatchTools {
  @Inject UseCases useCases;
  @Inject TaskResources resources;

  @ToolGuardrails(input = ArgumentCheck.class)
  @Tool(
      name = "dispatch_task",
      description =
          "Add one task to a live dynamic run and return at once: as name, prompt, cwd (and"
              + " depends_on, sandbox, model), or whole as `task` (a JSON object) or `yaml`, with"
              + " any field of tasks.yaml. depends_on names tasks already in the run. An accepted"
              + " task runs (unless cancelled); a refused one never does. Facts written before"
              + " are prepended to its prompt.",
      annotations =
          @Annotations(
              readOnlyHint = false,
              destructiveHint = true,
              idempotentHint = false,
              openWorldHint = true))
  public ToolResponse dispatchTask(
      McpConnection connection,
      RequestId request,
      @ToolArg(name = "run_id") String runId,
      @ToolArg(required = false) String name,
      @ToolArg(required = false) String prompt,
      @ToolArg(description = "Working folder of the codex process.", required = false) String cwd,
      @ToolArg(
              name = "depends_on",
              description = "Tasks that must be done first.",
              required = false)
          List<String> dependsOn,
      @ToolArg(description = "read-only, workspace-write or danger-full-access.", required = false)
          String sandbox,
      @ToolArg(description = "The codex model for this task.", required = false) String model,
      @ToolArg(description = "The whole task as a JSON object.", required = false)
          Map<String, Object> task,
      @ToolArg(description = "The whole task as a YAML mapping.", required = false) String yaml) {
    return ToolCalls.respond(
        connection,
        request,
        () -> {
          boolean anyField =
              name != null
                  || prompt != null
                  || cwd != null
                  || dependsOn != null
                  || sandbox != null
                  || model != null;
          if ((yaml != null ? 1 : 0) + (task != null ? 1 : 0) + (anyField ? 1 : 0) > 1) {
            throw Refusal.invalid(
                "give the task as one of: fields (name, prompt, cwd, ...), task or yaml");
          }
          if (task != null) {
            return dispatch(runId, DispatchYaml.taskObjects(List.of(task)));
          }
          if (yaml != null) {
            return dispatch(runId, DispatchYaml.singleTask(yaml));
          }
          if (name == null || prompt == null || cwd == null) {
            throw Refusal.invalid("name, prompt and cwd are required (or give the whole task)");
          }
          return dispatch(
              runId, DispatchYaml.fromFields(name, prompt, cwd, dependsOn, sandbox, model));
        });
  }

  @ToolGuardrails(input = ArgumentCheck.class)
  @Tool(
      name = "dispatch_wave",
      description =
          "Add several tasks to a live dynamic run, all or none (the error lists every"
              + " problem), as `tasks` (JSON objects) or `yaml` (a tasks: list). depends_on may"
              + " name tasks of the run or of the batch, in any order. Returns at once.",
      annotations =
          @Annotations(
              readOnlyHint = false,
              destructiveHint = true,
              idempotentHint = false,
              openWorldHint = true))
  public ToolResponse dispatchWave(
      McpConnection connection,
      RequestId request,
      @ToolArg(name = "run_id") String runId,
      @ToolArg(description = "The tasks as JSON objects.", required = false)
          List<Map<String, Object>> tasks,
      @ToolArg(description = "The tasks as a YAML tasks: list.", required = false) String yaml) {
    return ToolCalls.respond(
        connection,
        request,
        () -> {
          if ((tasks == null) == (yaml == null)) {
            throw Refusal.invalid("give the tasks as one of tasks and yaml");
          }
          return dispatch(
              runId, tasks != null ? DispatchYaml.taskObjects(tasks) : DispatchYaml.taskList(yaml));
        });
  }

  private ToolCalls.Reply dispatch(String runId, String tasksYaml) {
    Runs.Dispatched dispatched =
        useCases
            .runs()
            .dispatch(useCases.directory().find(runId), tasksYaml, useCases.settings().caps());
    List<TaskSnapshot> added = dispatched.tasks();
    resources.register(runId, added.stream().map(TaskSnapshot::name).toList());
    List<Views.DispatchedTask> tasks =
        added.stream()
            .map(
                t ->
                    new Views.DispatchedTask(
                        t.name(), t.wave(), t.dependsOn(), t.status().wireName()))
            .toList();
    List<String> notes = dispatched.notes().isEmpty() ? null : dispatched.notes();
    return new ToolCalls.Reply(
        new Views.Dispatched(runId, tasks, notes),
        "accepted "
            + tasks.stream().map(t -> t.name() + " (" + t.status() + ")").toList()
            + " in run "
            + runId
            + Views.noteLines(notes));
  }

  @ToolGuardrails(input = ArgumentCheck.class)
  @Tool(
      name = "seal_dispatch",
      description = "Close a dynamic run to new tasks; it ends once every task is final.",
      annotations =
          @Annotations(
              readOnlyHint = false,
              destructiveHint = false,
              idempotentHint = true,
              openWorldHint = false))
  public ToolResponse sealDispatch(
      McpConnection connection, RequestId request, @ToolArg(name = "run_id") String runId) {
    return ToolCalls.respond(
        connection,
        request,
        () -> {
          RunSnapshot after = useCases.runs().seal(useCases.directory().find(runId));
          long unfinished = after.tasks().stream().filter(t -> !t.status().isFinal()).count();
          return new ToolCalls.Reply(
              new Views.Sealed(
                  runId, true, after.status().wireName(), after.tasks().size(), unfinished),
              "sealed run "
                  + runId
                  + ": "
                  + unfinished
                  + " of "
                  + after.tasks().size()
                  + " tasks still to finish");
        });
  }
}
