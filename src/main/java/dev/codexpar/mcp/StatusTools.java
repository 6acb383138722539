package dev.codexpar.mcp;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.store.Chunk;
import dev.codexpar.usecase.Refusal;
import dev.codexpar.usecase.RunDirectory;
import dev.codexpar.usecase.RunReads;
import dev.codexpar.usecase.RunReports;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.MetaField;
import io.quarkiverse.mcp.server.Progress;
import io.quarkiverse.mcp.server.RequestId;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.Tool.Annotations;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolGuardrails;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** get_status, read_output and read_stderr: reading runs. */
@Singleton
public class StatusTools {
  /** Default page size of the task table and of the run list. */
  static final int LIMIT = 50;

  static final int MAX_LIMIT = 500;

  @Inject UseCases useCases;

  @ToolGuardrails(input = ArgumentCheck.class)
  @MetaField(name = "ui", type = MetaField.Type.JSON, value = RunPageResources.TOOL_UI)
  @Tool(
      name = "get_status",
      description =
          "A run's status, small whatever its size: counts, totals, running and troubled tasks,"
              + " recent changes, orphans. detail: \"tasks\" adds a page of the task table. No"
              + " run_id: the known runs. wait_s waits for a change. Over when status is not"
              + " running; then `report` names its HTML page.",
      annotations =
          @Annotations(
              readOnlyHint = true,
              destructiveHint = false,
              idempotentHint = true,
              openWorldHint = false))
  public Uni<ToolResponse> getStatus(
      McpConnection connection,
      RequestId request,
      @ToolArg(
              name = "run_id",
              description = "The run (from start_run). Omit to list the known runs.",
              required = false)
          String runId,
      @ToolArg(
              name = "wait_s",
              description = "Seconds (0-30) to wait for a change.",
              required = false)
          Integer waitS,
      @ToolArg(
              name = "since_version",
              description =
                  "The version of your last answer: wait_s returns at once if the run is past it,"
                      + " and the task table holds only the tasks changed since.",
              required = false)
          Long sinceVersion,
      @ToolArg(
              description = "\"summary\" (default) or \"tasks\" (adds a page of the task table).",
              required = false)
          String detail,
      @ToolArg(description = "First task (or run) of the page (default 0).", required = false)
          Integer offset,
      @ToolArg(
              description =
                  "Tasks (or runs) per page, 1-" + MAX_LIMIT + " (default " + LIMIT + ").",
              required = false)
          Integer limit,
      Progress progress) {
    // A wait holds no thread (250 clients waiting must not starve the others): see statusLater.
    return ToolCalls.respondLater(
        connection,
        request,
        () -> {
          int wait = RunReads.checkWait(waitS == null ? 0 : waitS);
          StatusViews.Page page = page(offset, limit);
          if (runId == null) {
            return Uni.createFrom().item(list(page));
          }
          RunDirectory.Found found = useCases.directory().find(runId);
          StatusViews.Page tasks = tasksPage(detail, page);
          if (progress.token().isPresent() && wait > 0) {
            // A client that asked for progress hears of tasks ending for the whole wait.
            return Uni.createFrom()
                .item(
                    reply(useCases.reads().follow(found, wait, run -> tell(progress, run)), tasks));
          }
          return useCases.reads().statusLater(found, wait, sinceVersion).map(s -> reply(s, tasks));
        });
  }

  private static ToolCalls.Reply reply(RunReads.Status status, StatusViews.Page tasks) {
    StatusViews.RunView view =
        StatusViews.of(
            status.run(),
            status.orphans(),
            status.tasksChanged(),
            tasks,
            Instant.now(),
            RunReports.of(status.run()).map(Path::toString).orElse(null));
    return new ToolCalls.Reply(view, StatusViews.text(view));
  }

  private static void tell(Progress progress, RunSnapshot run) {
    long ended = run.tasks().stream().filter(t -> t.status().isFinal()).count();
    progress
        .notificationBuilder()
        .setProgress(ended)
        .setTotal(run.tasks().size())
        .setMessage(ended + " of " + run.tasks().size() + " tasks of run " + run.runId() + " over")
        .build()
        .sendAndForget();
  }

  private static StatusViews.Page page(Integer offset, Integer limit) {
    int from = offset == null ? 0 : offset;
    int size = limit == null ? LIMIT : limit;
    if (from < 0) {
      throw Refusal.invalid("offset must be 0 or more, got " + from);
    }
    if (size < 1 || size > MAX_LIMIT) {
      throw Refusal.invalid("limit must be between 1 and " + MAX_LIMIT + ", got " + size);
    }
    return new StatusViews.Page(from, size);
  }

  private static StatusViews.Page tasksPage(String detail, StatusViews.Page page) {
    if (detail == null || detail.equals("summary")) {
      return null;
    }
    if (detail.equals("tasks")) {
      return page;
    }
    throw Refusal.invalid("detail must be \"summary\" or \"tasks\", got \"" + detail + "\"");
  }

  private ToolCalls.Reply list(StatusViews.Page page) {
    List<RunDirectory.Listed> all = useCases.directory().all();
    int from = Math.min(page.offset(), all.size());
    int to = Math.min(all.size(), from + page.limit());
    List<RunDirectory.Listed> runs = all.subList(from, to);
    List<String> lines = new ArrayList<>();
    lines.add(all.size() + " runs in " + useCases.settings().root());
    for (RunDirectory.Listed listed : runs) {
      RunSnapshot r = listed.run();
      lines.add(
          r == null
              ? String.format(
                  "%s  %-11s %s", listed.runId(), "broken", listed.broken().getMessage())
              : String.format(
                  "%s  %-11s %d/%d done  %s",
                  r.runId(),
                  r.status().wireName(),
                  r.count(TaskStatus.DONE),
                  r.tasks().size(),
                  r.dir()));
    }
    Integer next = to < all.size() ? to : null;
    if (next != null) {
      lines.add("(more runs: offset " + next + ")");
    }
    return new ToolCalls.Reply(
        new Views.RunList(
            useCases.settings().root().toString(),
            all.size(),
            runs.stream().map(Views.RunSummary::of).toList(),
            next),
        String.join("\n", lines));
  }

  @ToolGuardrails(input = ArgumentCheck.class)
  @Tool(
      name = "read_output",
      description =
          "Read a task's result (outputs/<task>.md) in chunks: pass next_offset until eof"
              + " (the task is final and all was read).",
      annotations =
          @Annotations(
              readOnlyHint = true,
              destructiveHint = false,
              idempotentHint = true,
              openWorldHint = false))
  public ToolResponse readOutput(
      McpConnection connection,
      RequestId request,
      @ToolArg(name = "run_id") String runId,
      @ToolArg() String task,
      @ToolArg(description = "Byte offset (default 0).", required = false) Long offset,
      @ToolArg(
              name = "max_bytes",
              description = "Default 65536, at most 1048576.",
              required = false)
          Integer maxBytes) {
    return ToolCalls.respond(
        connection, request, () -> read(runId, task, offset, maxBytes, RunReads.TaskFile.OUTPUT));
  }

  @ToolGuardrails(input = ArgumentCheck.class)
  @Tool(
      name = "read_stderr",
      description =
          "Read a task's stderr log (codex's diagnostics) in chunks, paged as read_output.",
      annotations =
          @Annotations(
              readOnlyHint = true,
              destructiveHint = false,
              idempotentHint = true,
              openWorldHint = false))
  public ToolResponse readStderr(
      McpConnection connection,
      RequestId request,
      @ToolArg(name = "run_id") String runId,
      @ToolArg() String task,
      @ToolArg(description = "Byte offset (default 0).", required = false) Long offset,
      @ToolArg(
              name = "max_bytes",
              description = "Default 65536, at most 1048576.",
              required = false)
          Integer maxBytes) {
    return ToolCalls.respond(
        connection, request, () -> read(runId, task, offset, maxBytes, RunReads.TaskFile.STDERR));
  }

  private ToolCalls.Reply read(
      String runId, String task, Long offset, Integer maxBytes, RunReads.TaskFile which)
      throws java.io.IOException {
    RunReads.Read read =
        useCases.reads().read(useCases.directory().find(runId), task, which, offset, maxBytes);
    Chunk chunk = read.chunk();
    String status = read.task().status().wireName();
    Views.ChunkView view =
        new Views.ChunkView(
            runId,
            task,
            status,
            chunk.text(),
            chunk.offset(),
            chunk.nextOffset(),
            chunk.totalBytes(),
            read.eof());
    String header =
        String.format(
            "[%s of task %s (%s): bytes %d-%d of %d%s]%n",
            which == RunReads.TaskFile.OUTPUT ? "output" : "stderr",
            task,
            status,
            chunk.offset(),
            chunk.nextOffset(),
            chunk.totalBytes(),
            read.eof()
                ? ", eof"
                : chunk.atEnd() ? ", task still running" : "; next_offset " + chunk.nextOffset());
    return new ToolCalls.Reply(view, header + chunk.text());
  }
}
