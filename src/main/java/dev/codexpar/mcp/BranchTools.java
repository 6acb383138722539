package dev.codexpar.mcp;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.store.Chunk;
import dev.codexpar.usecase.TaskBranches;
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
import java.util.Optional;

/** get_diff and merge_tasks: the work of worktree tasks, as the CLI's diff and merge. */
@Singleton
public class BranchTools {
  private final TaskBranches branches = new TaskBranches();

  @Inject UseCases useCases;

  @ToolGuardrails(input = ArgumentCheck.class)
  @Tool(
      name = "get_diff",
      description =
          "A done worktree task's change (its branch from its base, base..head) as a patch, or"
              + " with stat the files and line counts; in chunks: pass next_offset until eof.",
      annotations =
          @Annotations(
              readOnlyHint = true,
              destructiveHint = false,
              idempotentHint = true,
              openWorldHint = false))
  public ToolResponse getDiff(
      McpConnection connection,
      RequestId request,
      @ToolArg(name = "run_id", description = "The run.") String runId,
      @ToolArg(description = "The task's name.") String task,
      @ToolArg(description = "Byte offset to read from (default 0).", required = false) Long offset,
      @ToolArg(
              name = "max_bytes",
              description = "At most this many bytes (default 65536, capped at 1048576).",
              required = false)
          Integer maxBytes,
      @ToolArg(description = "Only the files and their line counts.", required = false)
          Boolean stat) {
    return ToolCalls.respond(
        connection,
        request,
        () -> {
          RunSnapshot run = useCases.directory().find(runId).snapshot();
          Chunk chunk =
              branches.diff(
                  run,
                  task,
                  Boolean.TRUE.equals(stat),
                  offset == null ? 0 : offset,
                  maxBytes == null ? Chunk.DEFAULT_MAX_BYTES : maxBytes);
          Views.ChunkView view =
              new Views.ChunkView(
                  runId,
                  task,
                  run.task(task).orElseThrow().status().wireName(),
                  chunk.text(),
                  chunk.offset(),
                  chunk.nextOffset(),
                  chunk.totalBytes(),
                  chunk.atEnd());
          return new ToolCalls.Reply(view, chunk.text());
        });
  }

  @ToolGuardrails(input = ArgumentCheck.class)
  @Tool(
      name = "merge_tasks",
      description =
          "Merge the branches of done worktree tasks (all of them when tasks is absent) into the"
              + " repository's current branch, or a new branch `into`, in dependency order, all or"
              + " nothing: a conflict or local changes in the way is MERGE_REFUSED (naming the"
              + " task and files) with the repository exactly as it was.",
      annotations =
          @Annotations(
              readOnlyHint = false,
              destructiveHint = false,
              idempotentHint = true,
              openWorldHint = false))
  public ToolResponse mergeTasks(
      McpConnection connection,
      RequestId request,
      @ToolArg(name = "run_id", description = "The run.") String runId,
      @ToolArg(description = "The tasks to merge (default: every done one).", required = false)
          List<String> tasks,
      @ToolArg(description = "A new branch (from HEAD) to make with the merge.", required = false)
          String into,
      @ToolArg(description = "One commit instead of the tasks' commits.", required = false)
          Boolean squash) {
    return ToolCalls.respond(
        connection,
        request,
        () -> {
          RunSnapshot run = useCases.directory().find(runId).snapshot();
          TaskBranches.Merged merged =
              branches.merge(
                  run,
                  tasks == null ? List.of() : tasks,
                  Optional.ofNullable(into),
                  Boolean.TRUE.equals(squash));
          if (merged.tasks().isEmpty()) {
            return new ToolCalls.Reply(
                new Views.MergedView(runId, List.of(), null, null, null, false),
                "nothing to merge: no done task of run " + runId + " has a worktree");
          }
          var r = merged.result();
          return new ToolCalls.Reply(
              new Views.MergedView(
                  runId, merged.tasks(), r.branch(), r.previous(), r.head(), r.created()),
              (r.created() ? "created branch " : "merged into ")
                  + r.branch()
                  + ": "
                  + String.join(", ", merged.tasks())
                  + " (head "
                  + r.head()
                  + ")");
        });
  }
}
