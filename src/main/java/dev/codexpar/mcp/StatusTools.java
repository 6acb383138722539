package dev.codexpar.mcp;

import dev.codexpar.model.Orphan;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.store.Chunk;
import dev.codexpar.ui.Dashboard;
import dev.codexpar.usecase.RunReads;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.Tool.Annotations;
import io.quarkiverse.mcp.server.Tool.OutputSchema;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** get_status, read_output and read_stderr: reading runs. */
@Singleton
public class StatusTools {
  private static final Dashboard TABLE = new Dashboard(ZoneId.systemDefault(), "");

  @Inject UseCases useCases;

  @Tool(
      name = "get_status",
      description =
          "Status of one run (run status and a task table: status, wave, pid, time, events,"
              + " tokens, files, commands, last action or error), or, without run_id, the list"
              + " of runs this server's root knows (live ones and those of earlier server"
              + " processes; a run whose server died shows as interrupted, and `orphans` lists"
              + " the codex processes it left running, by task and pid). With wait_s (up to"
              + " 30) it returns as soon as the run changes, so there is no need to poll in a"
              + " tight loop; pass the `version` of your previous answer as since_version to not"
              + " miss a change made in between. A run is over when its status is not running.",
      annotations =
          @Annotations(
              title = "Run status",
              readOnlyHint = true,
              destructiveHint = false,
              idempotentHint = true,
              openWorldHint = false),
      outputSchema = @OutputSchema(from = Views.RunView.class))
  public ToolResponse getStatus(
      @ToolArg(
              name = "run_id",
              description = "The run (from start_run). Omit to list every known run.",
              required = false)
          String runId,
      @ToolArg(
              name = "wait_s",
              description =
                  "Wait up to this many seconds (0-30) for a change of the run before answering.",
              required = false)
          Integer waitS,
      @ToolArg(
              name = "since_version",
              description =
                  "With wait_s: answer at once if the run's version is already past this one.",
              required = false)
          Long sinceVersion) {
    return ToolCalls.respond(
        () ->
            runId == null
                ? list()
                : status(
                    useCases
                        .reads()
                        .status(
                            useCases.directory().find(runId),
                            waitS == null ? 0 : waitS,
                            sinceVersion)));
  }

  private ToolCalls.Reply list() {
    List<RunSnapshot> runs = useCases.directory().all();
    List<String> lines = new ArrayList<>();
    lines.add(runs.size() + " runs in " + useCases.settings().root());
    runs.forEach(
        r ->
            lines.add(
                String.format(
                    "%s  %-11s %d/%d done  %s",
                    r.runId(),
                    r.status().wireName(),
                    r.count(TaskStatus.DONE),
                    r.tasks().size(),
                    r.dir())));
    return new ToolCalls.Reply(
        new Views.RunList(
            useCases.settings().root().toString(),
            runs.stream().map(Views.RunSummary::of).toList()),
        String.join("\n", lines));
  }

  private static ToolCalls.Reply status(RunReads.Status status) {
    RunSnapshot snapshot = status.run();
    List<String> lines = new ArrayList<>(TABLE.plain(snapshot, Instant.now()));
    lines.add(
        "version "
            + snapshot.version()
            + (snapshot.dynamic() && !snapshot.sealed() ? "; open for dispatch until sealed" : ""));
    for (Orphan o : status.orphans()) {
      lines.add(
          "orphan: task "
              + o.task()
              + " left codex pid "
              + o.pid()
              + " running; cancel_run on this run stops it");
    }
    return new ToolCalls.Reply(
        Views.RunView.of(snapshot, status.orphans()), String.join("\n", lines));
  }

  @Tool(
      name = "read_output",
      description =
          "Read a task's result (outputs/<task>.md: codex's final message, written when the task"
              + " ends) in chunks. Start at offset 0, then pass next_offset until eof is true; eof"
              + " is true only when the task is final and everything was read. A task without"
              + " output yet gives empty text and eof false (not an error). Chunks never split a"
              + " UTF-8 character.",
      annotations =
          @Annotations(
              title = "Read a task's output",
              readOnlyHint = true,
              destructiveHint = false,
              idempotentHint = true,
              openWorldHint = false),
      outputSchema = @OutputSchema(from = Views.ChunkView.class))
  public ToolResponse readOutput(
      @ToolArg(name = "run_id", description = "The run (from start_run).") String runId,
      @ToolArg(description = "The task's name.") String task,
      @ToolArg(description = "Byte offset to read from (default 0).", required = false) Long offset,
      @ToolArg(
              name = "max_bytes",
              description = "At most this many bytes (default 65536, capped at 1048576).",
              required = false)
          Integer maxBytes) {
    return ToolCalls.respond(() -> read(runId, task, offset, maxBytes, RunReads.TaskFile.OUTPUT));
  }

  @Tool(
      name = "read_stderr",
      description =
          "Read a task's stderr log (logs/<task>.stderr.log: codex's own diagnostics, useful when"
              + " a task failed) in chunks; same paging as read_output (offset, next_offset,"
              + " eof).",
      annotations =
          @Annotations(
              title = "Read a task's stderr",
              readOnlyHint = true,
              destructiveHint = false,
              idempotentHint = true,
              openWorldHint = false),
      outputSchema = @OutputSchema(from = Views.ChunkView.class))
  public ToolResponse readStderr(
      @ToolArg(name = "run_id", description = "The run (from start_run).") String runId,
      @ToolArg(description = "The task's name.") String task,
      @ToolArg(description = "Byte offset to read from (default 0).", required = false) Long offset,
      @ToolArg(
              name = "max_bytes",
              description = "At most this many bytes (default 65536, capped at 1048576).",
              required = false)
          Integer maxBytes) {
    return ToolCalls.respond(() -> read(runId, task, offset, maxBytes, RunReads.TaskFile.STDERR));
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
