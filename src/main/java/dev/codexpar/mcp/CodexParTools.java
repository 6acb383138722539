package dev.codexpar.mcp;

import dev.codexpar.model.Orphan;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.plan.Plan;
import dev.codexpar.plan.PlanException;
import dev.codexpar.plan.PlanLoader;
import dev.codexpar.run.Run;
import dev.codexpar.run.RunClosedException;
import dev.codexpar.run.RunOptions;
import dev.codexpar.run.RunOrphans;
import dev.codexpar.run.RunRegistry;
import dev.codexpar.store.Chunk;
import dev.codexpar.store.Facts;
import dev.codexpar.ui.Dashboard;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.Tool.Annotations;
import io.quarkiverse.mcp.server.Tool.OutputSchema;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The ten MCP tools: thin methods over the same {@link RunRegistry} the CLI uses. Every result
 * carries structured content and text; domain failures are results with {@code isError: true} and
 * {@code {code, message}} (see {@link ErrorCode}).
 */
@Singleton
public class CodexParTools {
  private static final Logger LOG = Logger.getLogger(CodexParTools.class);
  static final int MAX_WAIT_S = 30;

  /** Short enough that cancelling every run fits in the server's 5 s exit budget. */
  private static final Duration KILL_GRACE = Duration.ofSeconds(2);

  private static final Duration CANCEL_WAIT = Duration.ofSeconds(5);
  private static final String CLIENT_CANCEL = "cancelled by the MCP client";
  private static final Dashboard TABLE = new Dashboard(ZoneId.systemDefault(), "");

  @Inject RunRegistry registry;
  @Inject ServeState state;

  private final PlanLoader loader = new PlanLoader();

  /** Where relative paths of each run's dispatches resolve (that of its tasks). */
  private final Map<String, Path> baseDirs = new ConcurrentHashMap<>();

  @Tool(
      name = "start_run",
      description =
          "Start a run of codex agents and return at once (never waits for tasks). Give the tasks"
              + " as inline YAML in `yaml` (a `tasks:` list; each task has name, prompt, cwd and"
              + " optional depends_on, sandbox, model, kind, timeout, ...) or as `path` to a"
              + " tasks.yaml file. The YAML is validated first; on problems nothing starts and the"
              + " error lists every problem with its line. Returns run_id (use it in every other"
              + " tool), the run folder, the task names and the waves. Tasks start as soon as"
              + " their dependencies are done and a slot is free. With dynamic: true the run may"
              + " start empty and stays open for dispatch_task / dispatch_wave until"
              + " seal_dispatch. Then poll get_status (with wait_s) and read results with"
              + " read_output. With resume_run_id it resumes an earlier run that is over"
              + " (failed, cancelled, interrupted, ...) in that run's folder, under a new run_id:"
              + " tasks done then keep their output and are not run again; failed, skipped,"
              + " cancelled and interrupted tasks run (plus those named in rerun and everything"
              + " downstream of them). The tasks are those the earlier run recorded, unless yaml"
              + " or path gives new ones. The earlier run stays readable by its id.",
      annotations =
          @Annotations(
              title = "Start a codex-par run",
              readOnlyHint = false,
              destructiveHint = true,
              idempotentHint = false,
              openWorldHint = true),
      outputSchema = @OutputSchema(from = Views.StartedRun.class))
  public ToolResponse startRun(
      @ToolArg(
              description =
                  "Tasks as YAML text, e.g. \"tasks:\\n- name: a\\n  cwd: /repo\\n  prompt: ...\"."
                      + " Relative cwd paths resolve against the server's working folder."
                      + " Exactly one of yaml and path (neither only with dynamic: true).",
              required = false)
          String yaml,
      @ToolArg(
              description =
                  "Path to a tasks YAML file (relative paths in it resolve against its folder).",
              required = false)
          String path,
      @ToolArg(
              description =
                  "Run folder for outputs/, logs/ and shared/."
                      + " Default: <serve --dir>/runs/<run_id>.",
              required = false)
          String dir,
      @ToolArg(
              name = "max_parallel",
              description =
                  "At most this many codex processes at once (1-"
                      + RunOptions.MAX_PARALLEL_LIMIT
                      + ", default "
                      + RunOptions.DEFAULT_MAX_PARALLEL
                      + ").",
              required = false)
          Integer maxParallel,
      @ToolArg(
              name = "keep_going",
              description =
                  "After a failure, skip only the failed task's dependants (default false: start"
                      + " nothing new after a failure).",
              required = false)
          Boolean keepGoing,
      @ToolArg(
              description =
                  "Open the run for dispatch_task / dispatch_wave until seal_dispatch (default"
                      + " false).",
              required = false)
          Boolean dynamic,
      @ToolArg(
              name = "resume_run_id",
              description =
                  "Resume this earlier run (over, not live) instead of starting afresh: only its"
                      + " tasks that are not done run again, in its folder. Not with dir or"
                      + " dynamic. Without yaml and path, the earlier run's own tasks are used.",
              required = false)
          String resumeRunId,
      @ToolArg(
              description =
                  "With resume_run_id: task names to run again even if done; every task"
                      + " downstream of them runs again too.",
              required = false)
          List<String> rerun) {
    return respond(
        () ->
            resumeRunId != null || rerun != null
                ? resumeRunNow(resumeRunId, rerun, yaml, path, dir, maxParallel, keepGoing, dynamic)
                : startRunNow(yaml, path, dir, maxParallel, keepGoing, dynamic));
  }

  private Reply startRunNow(
      String yaml,
      String path,
      String dir,
      Integer maxParallel,
      Boolean keepGoing,
      Boolean dynamic) {
    ServeSettings settings = settings();
    boolean isDynamic = Boolean.TRUE.equals(dynamic);
    int parallel = parallel(maxParallel);
    if (yaml != null && path != null) {
      throw invalid("give the tasks either as yaml or as path, not both");
    }
    if (yaml == null && path == null && !isDynamic) {
      throw invalid("give the tasks as yaml or path (only a dynamic run may start empty)");
    }
    Parsed parsed = parse(yaml, path, isDynamic);
    Path baseDir = parsed.baseDir();
    Plan plan = parsed.plan();
    Path ownDir = dir == null ? null : settings.workDir().resolve(dir).normalize();
    RunOptions options = options(parallel, keepGoing, isDynamic);
    Run run;
    try {
      run =
          registry.start(
              plan,
              id -> ownDir != null ? ownDir : settings.runsDir().resolve(id),
              options,
              settings.caps(),
              task -> {});
    } catch (RunRegistry.FolderBusyException e) {
      throw new ToolFailure(ErrorCode.FOLDER_BUSY, e.getMessage());
    }
    baseDirs.put(run.id(), baseDir);
    if (ownDir != null) {
      directory().link(run.id(), run.dir());
    }
    Views.StartedRun started = started(run, plan, isDynamic, parallel, keepGoing, null);
    String next =
        isDynamic
            ? "Dispatch tasks with dispatch_task / dispatch_wave, then seal_dispatch to let the"
                + " run finish."
            : "Poll get_status with run_id and wait_s; read results with read_output.";
    return new Reply(
        started,
        String.format(
            "started run %s: %d tasks in %d waves, up to %d at once, in %s%n%s",
            run.id(), plan.tasks().size(), plan.waveCount(), parallel, run.dir(), next));
  }

  private record Parsed(Plan plan, Path baseDir) {}

  /** The tasks of yaml or of the file at path, validated like the CLI's. */
  private Parsed parse(String yaml, String path, boolean dynamic) {
    ServeSettings settings = settings();
    if (path != null) {
      Path file = settings.workDir().resolve(path).normalize();
      Path baseDir = file.getParent();
      String text = readTasksFile(file);
      String source = file.getFileName().toString();
      return new Parsed(
          dynamic
              ? loader.parseDynamic(text, baseDir, source, settings.caps())
              : loader.parse(text, baseDir, source, settings.caps()),
          baseDir);
    }
    Path baseDir = settings.workDir();
    return new Parsed(
        dynamic
            ? loader.parseDynamic(yaml, baseDir, "yaml", settings.caps())
            : loader.parse(yaml, baseDir, "yaml", settings.caps()),
        baseDir);
  }

  private static int parallel(Integer maxParallel) {
    int parallel = maxParallel == null ? RunOptions.DEFAULT_MAX_PARALLEL : maxParallel;
    if (parallel < 1 || parallel > RunOptions.MAX_PARALLEL_LIMIT) {
      throw invalid(
          "max_parallel must be between 1 and "
              + RunOptions.MAX_PARALLEL_LIMIT
              + ", got "
              + parallel);
    }
    return parallel;
  }

  private RunOptions options(int parallel, Boolean keepGoing, boolean dynamic) {
    return new RunOptions(
        parallel,
        Boolean.TRUE.equals(keepGoing),
        dynamic,
        settings().codexBin(),
        Map.of(),
        KILL_GRACE);
  }

  /** start_run's result: a fresh run is a resume that carried nothing over. */
  private static Views.StartedRun started(
      Run run, Plan plan, boolean dynamic, int parallel, Boolean keepGoing, String resumedFrom) {
    List<String> names = plan.tasks().stream().map(TaskSpec::name).toList();
    List<String> carried = run.carriedOver();
    return new Views.StartedRun(
        run.id(),
        run.dir().toString(),
        dynamic,
        parallel,
        Boolean.TRUE.equals(keepGoing),
        names,
        waves(plan),
        resumedFrom,
        carried,
        names.stream().filter(n -> !carried.contains(n)).toList());
  }

  private static List<List<String>> waves(Plan plan) {
    List<List<String>> waves = new ArrayList<>();
    for (int w = 0; w < plan.waveCount(); w++) {
      int wave = w;
      waves.add(
          plan.tasks().stream()
              .map(TaskSpec::name)
              .filter(n -> plan.waves().get(n) == wave)
              .toList());
    }
    return waves;
  }

  /**
   * Resumes an earlier run through {@link RunRegistry#resume} (the engine of {@code run --resume}),
   * in that run's folder.
   */
  private Reply resumeRunNow(
      String resumeRunId,
      List<String> rerun,
      String yaml,
      String path,
      String dir,
      Integer maxParallel,
      Boolean keepGoing,
      Boolean dynamic) {
    if (resumeRunId == null) {
      throw invalid("rerun needs resume_run_id: it names tasks of the run to resume");
    }
    if (dir != null) {
      throw invalid("a resumed run runs in the folder of the run it resumes: drop dir");
    }
    if (Boolean.TRUE.equals(dynamic)) {
      throw invalid("a resumed run is static: drop dynamic");
    }
    if (yaml != null && path != null) {
      throw invalid("give the tasks either as yaml or as path, not both");
    }
    int parallel = parallel(maxParallel);
    RunDirectory.Found found = directory().find(resumeRunId);
    if (found.supersededBy().isPresent()) {
      throw new ToolFailure(
          ErrorCode.RUN_FINISHED,
          "run "
              + resumeRunId
              + " was resumed or replaced by run "
              + found.supersededBy().get()
              + " in its folder; resume that one instead");
    }
    RunSnapshot earlier = found.snapshot();
    if (earlier.live()) {
      throw new ToolFailure(
          ErrorCode.RUN_LIVE,
          "run "
              + resumeRunId
              + " is still "
              + earlier.status().wireName()
              + ": wait until it is over or cancel it with cancel_run, then resume it");
    }
    List<Orphan> orphans = RunOrphans.of(earlier);
    if (!orphans.isEmpty()) {
      throw new ToolFailure(
          ErrorCode.RUN_LIVE,
          "run "
              + resumeRunId
              + " left codex processes running ("
              + describe(orphans)
              + "); cancel_run on it stops them, then resume it");
    }
    Parsed parsed =
        yaml != null || path != null
            ? parse(yaml, path, false)
            : new Parsed(recordedPlan(found, earlier), settings().workDir());
    Plan plan = parsed.plan();
    Set<String> again = new LinkedHashSet<>(rerun == null ? List.of() : rerun);
    Run run;
    try {
      run =
          registry.resume(
              plan,
              found.folder().root(),
              again,
              options(parallel, keepGoing, false),
              settings().caps(),
              task -> {});
    } catch (RunRegistry.FolderBusyException e) {
      throw new ToolFailure(ErrorCode.RUN_LIVE, e.getMessage());
    } catch (RunRegistry.UnknownRerunException e) {
      throw new ToolFailure(ErrorCode.TASK_NOT_FOUND, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    baseDirs.put(run.id(), parsed.baseDir());
    directory().link(run.id(), run.dir());
    Views.StartedRun started = started(run, plan, false, parallel, keepGoing, resumeRunId);
    return new Reply(
        started,
        String.format(
            "resumed run %s as run %s in %s: %d tasks to run %s, %d kept as done %s%n"
                + "Poll get_status with the new run_id and wait_s; read results with read_output.",
            resumeRunId,
            run.id(),
            run.dir(),
            started.toRun().size(),
            started.toRun(),
            started.carriedOver().size(),
            started.carriedOver()));
  }

  /** The tasks an earlier run recorded in its folder, as they were validated then. */
  private static Plan recordedPlan(RunDirectory.Found found, RunSnapshot earlier) {
    List<TaskSpec> specs = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (TaskSnapshot task : earlier.tasks()) {
      found
          .folder()
          .readSpec(task.name())
          .ifPresentOrElse(specs::add, () -> missing.add(task.name()));
    }
    if (!missing.isEmpty() || specs.isEmpty()) {
      throw new ToolFailure(
          ErrorCode.TASKS_UNKNOWN,
          "run "
              + earlier.runId()
              + " did not record its tasks"
              + (missing.isEmpty() ? "" : " " + missing)
              + "; give them as yaml or path");
    }
    return Plan.of(specs);
  }

  private static String describe(List<Orphan> orphans) {
    return orphans.stream()
        .map(o -> "task " + o.task() + ": pid " + o.pid())
        .collect(Collectors.joining(", "));
  }

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
    return respond(() -> getStatusNow(runId, waitS, sinceVersion));
  }

  private Reply getStatusNow(String runId, Integer waitS, Long sinceVersion)
      throws InterruptedException {
    int wait = waitS == null ? 0 : waitS;
    if (wait < 0 || wait > MAX_WAIT_S) {
      throw invalid("wait_s must be between 0 and " + MAX_WAIT_S + ", got " + wait);
    }
    if (runId == null) {
      List<RunSnapshot> runs = directory().all();
      List<String> lines = new ArrayList<>();
      lines.add(runs.size() + " runs in " + settings().root());
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
      return new Reply(
          new Views.RunList(
              settings().root().toString(), runs.stream().map(Views.RunSummary::of).toList()),
          String.join("\n", lines));
    }
    RunDirectory.Found found = directory().find(runId);
    RunSnapshot snapshot = found.snapshot();
    if (found.live().isPresent() && wait > 0) {
      snapshot = awaitChange(found.live().get(), sinceVersion, Duration.ofSeconds(wait));
    }
    List<String> lines = new ArrayList<>(TABLE.plain(snapshot, Instant.now()));
    lines.add(
        "version "
            + snapshot.version()
            + (snapshot.dynamic() && !snapshot.sealed() ? "; open for dispatch until sealed" : ""));
    // Only a run no process owns can have orphans: its owner died without stopping them.
    List<Orphan> orphans = snapshot.live() ? List.of() : RunOrphans.of(snapshot);
    orphans.forEach(
        o ->
            lines.add(
                "orphan: task "
                    + o.task()
                    + " left codex pid "
                    + o.pid()
                    + " running; cancel_run on this run stops it"));
    return new Reply(Views.RunView.of(snapshot, orphans), String.join("\n", lines));
  }

  /** Waits in short slices, so that a closing server never waits for a slow client's wait_s. */
  private RunSnapshot awaitChange(Run run, Long sinceVersion, Duration max)
      throws InterruptedException {
    long seen = sinceVersion != null ? sinceVersion : run.snapshot().version();
    long deadline = System.nanoTime() + max.toNanos();
    RunSnapshot snapshot = run.snapshot();
    while (snapshot.version() <= seen && snapshot.live() && !state.isClosing()) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        break;
      }
      snapshot = run.awaitChange(seen, Math.min(left, 250));
    }
    return snapshot;
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
    return respond(() -> read(runId, task, offset, maxBytes, true));
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
    return respond(() -> read(runId, task, offset, maxBytes, false));
  }

  private Reply read(String runId, String task, Long offset, Integer maxBytes, boolean output)
      throws IOException {
    long from = offset == null ? 0 : offset;
    int max = maxBytes == null ? Chunk.DEFAULT_MAX_BYTES : maxBytes;
    if (from < 0) {
      throw invalid("offset must be 0 or more, got " + from);
    }
    if (max < 1) {
      throw invalid("max_bytes must be at least 1, got " + max);
    }
    RunDirectory.Found found = directory().find(runId);
    // Status first: if the task was final then, the file was complete before this read.
    TaskSnapshot snapshot = task(found.snapshot(), task);
    Path file = output ? found.folder().output(task) : found.folder().stderrLog(task);
    Chunk chunk = Chunk.read(file, from, max);
    boolean eof = snapshot.status().isFinal() && chunk.atEnd();
    Views.ChunkView view =
        new Views.ChunkView(
            runId,
            task,
            snapshot.status().wireName(),
            chunk.text(),
            chunk.offset(),
            chunk.nextOffset(),
            chunk.totalBytes(),
            eof);
    String header =
        String.format(
            "[%s of task %s (%s): bytes %d-%d of %d%s]%n",
            output ? "output" : "stderr",
            task,
            snapshot.status().wireName(),
            chunk.offset(),
            chunk.nextOffset(),
            chunk.totalBytes(),
            eof
                ? ", eof"
                : chunk.atEnd() ? ", task still running" : "; next_offset " + chunk.nextOffset());
    return new Reply(view, header + chunk.text());
  }

  @Tool(
      name = "cancel_run",
      description =
          "Cancel a whole run, or with `task` one task of it: pending tasks are cancelled at"
              + " once, running ones have their codex process trees killed (the dependants of a"
              + " cancelled task are skipped). Waits (up to 5 s) until the cancelled tasks are"
              + " final and returns their names. For an interrupted run (its codex-par server"
              + " died) it stops the codex processes the run left running, checked by pid and"
              + " start time, and returns them in stopped_orphans. Cancelling a run that is"
              + " otherwise over changes nothing.",
      annotations =
          @Annotations(
              title = "Cancel a run or task",
              readOnlyHint = false,
              destructiveHint = true,
              idempotentHint = true,
              openWorldHint = false),
      outputSchema = @OutputSchema(from = Views.Cancelled.class))
  public ToolResponse cancelRun(
      @ToolArg(name = "run_id", description = "The run (from start_run).") String runId,
      @ToolArg(description = "Cancel only this task.", required = false) String task) {
    return respond(() -> cancelNow(runId, task));
  }

  private Reply cancelNow(String runId, String task) throws InterruptedException {
    RunDirectory.Found found = directory().find(runId);
    RunSnapshot before = found.snapshot();
    if (task != null) {
      task(before, task);
    }
    if (found.live().isEmpty() && !before.live()) {
      return stopOrphans(runId, task, before);
    }
    if (found.live().isEmpty() || !before.live()) {
      return cancelled(runId, task, List.of(), before);
    }
    Run run = found.live().get();
    List<String> cancelled = new ArrayList<>();
    if (task != null) {
      TaskStatus was = run.cancelTask(task, CLIENT_CANCEL);
      if (!was.isFinal()) {
        cancelled.add(task);
        awaitFinal(run, task);
      }
    } else {
      before.tasks().stream()
          .filter(t -> !t.status().isFinal())
          .forEach(t -> cancelled.add(t.name()));
      try {
        run.cancel(CLIENT_CANCEL).await().atMost(CANCEL_WAIT);
      } catch (io.smallrye.mutiny.TimeoutException e) {
        LOG.warnf("run %s: cancelled tasks still ending after %s", runId, CANCEL_WAIT);
      }
    }
    return cancelled(runId, task, cancelled, run.snapshot());
  }

  /**
   * An interrupted run of a dead codex-par: stops the codex processes its tasks left running (pid
   * and start time checked, as {@code clean --kill-orphans} does).
   */
  private Reply stopOrphans(String runId, String task, RunSnapshot run) {
    RunSnapshot scope =
        task == null
            ? run
            : new RunSnapshot(
                run.runId(),
                run.dir(),
                run.status(),
                run.startedAt(),
                run.endedAt(),
                run.tasks().stream().filter(t -> t.name().equals(task)).toList(),
                run.dynamic(),
                run.sealed(),
                run.live(),
                run.version());
    List<Orphan> stopped = RunOrphans.kill(scope);
    String text =
        stopped.isEmpty()
            ? "nothing to cancel: "
                + (task != null ? "task " + task + " of " : "")
                + "run "
                + runId
                + " is over and left no codex process running"
            : "stopped the codex processes run "
                + runId
                + " ("
                + run.status().wireName()
                + ") left running: "
                + describe(stopped);
    return new Reply(
        new Views.Cancelled(runId, task, List.of(), run.status().wireName(), stopped), text);
  }

  private void awaitFinal(Run run, String task) throws InterruptedException {
    long deadline = System.nanoTime() + CANCEL_WAIT.toNanos();
    RunSnapshot snapshot = run.snapshot();
    while (!task(snapshot, task).status().isFinal()) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return;
      }
      snapshot = run.awaitChange(snapshot.version(), left);
    }
  }

  private static Reply cancelled(String runId, String task, List<String> names, RunSnapshot after) {
    String text =
        names.isEmpty()
            ? "nothing to cancel: " + (task != null ? "task " + task : "run " + runId) + " is over"
            : "cancelled "
                + String.join(", ", names)
                + "; run "
                + runId
                + " is "
                + after.status().wireName();
    return new Reply(
        new Views.Cancelled(runId, task, names, after.status().wireName(), List.of()), text);
  }

  @Tool(
      name = "dispatch_task",
      description =
          "Add one task to a live dynamic run (started with dynamic: true, not yet sealed) and"
              + " return at once; it starts as soon as its dependencies are done and a slot is"
              + " free. Give name, prompt and cwd (plus optional depends_on, sandbox, model), or"
              + " the whole task as one YAML mapping in `yaml` (any field of tasks.yaml)."
              + " depends_on may only name tasks already in the run. An accepted task always runs"
              + " (unless cancelled); a refused one (error) never does. Facts written before"
              + " are prepended to its prompt.",
      annotations =
          @Annotations(
              title = "Dispatch a task",
              readOnlyHint = false,
              destructiveHint = true,
              idempotentHint = false,
              openWorldHint = true),
      outputSchema = @OutputSchema(from = Views.Dispatched.class))
  public ToolResponse dispatchTask(
      @ToolArg(name = "run_id", description = "The dynamic run (from start_run).") String runId,
      @ToolArg(description = "Task name: letters, digits, '.', '_', '-'.", required = false)
          String name,
      @ToolArg(description = "What codex should do.", required = false) String prompt,
      @ToolArg(description = "Working folder of the codex process.", required = false) String cwd,
      @ToolArg(
              name = "depends_on",
              description = "Names of tasks of the run that must be done first.",
              required = false)
          List<String> dependsOn,
      @ToolArg(description = "read-only, workspace-write or danger-full-access.", required = false)
          String sandbox,
      @ToolArg(description = "The codex model for this task.", required = false) String model,
      @ToolArg(
              description = "The whole task as a YAML mapping, instead of the fields above.",
              required = false)
          String yaml) {
    return respond(
        () -> {
          String tasksYaml;
          boolean anyField =
              name != null
                  || prompt != null
                  || cwd != null
                  || dependsOn != null
                  || sandbox != null
                  || model != null;
          if (yaml != null && anyField) {
            throw invalid("give the task either as fields (name, prompt, cwd, ...) or as yaml");
          } else if (yaml != null) {
            tasksYaml = DispatchYaml.singleTask(yaml);
          } else {
            if (name == null || prompt == null || cwd == null) {
              throw invalid("name, prompt and cwd are required (or give the task as yaml)");
            }
            tasksYaml = DispatchYaml.fromFields(name, prompt, cwd, dependsOn, sandbox, model);
          }
          return dispatch(runId, tasksYaml);
        });
  }

  @Tool(
      name = "dispatch_wave",
      description =
          "Add several tasks to a live dynamic run at once, atomically: all are accepted or none"
              + " (the error lists every problem). `yaml` is a `tasks:` list as in tasks.yaml;"
              + " depends_on may name tasks already in the run or tasks of the same batch, in any"
              + " order (forward references are fine). Returns at once.",
      annotations =
          @Annotations(
              title = "Dispatch a batch of tasks",
              readOnlyHint = false,
              destructiveHint = true,
              idempotentHint = false,
              openWorldHint = true),
      outputSchema = @OutputSchema(from = Views.Dispatched.class))
  public ToolResponse dispatchWave(
      @ToolArg(name = "run_id", description = "The dynamic run (from start_run).") String runId,
      @ToolArg(description = "The tasks: \"tasks:\\n- name: ...\\n  prompt: ...\\n  cwd: ...\".")
          String yaml) {
    return respond(() -> dispatch(runId, DispatchYaml.taskList(yaml)));
  }

  private Reply dispatch(String runId, String tasksYaml) {
    RunDirectory.Found found = directory().find(runId);
    Run run = found.changeable();
    RunSnapshot before = run.snapshot();
    if (!before.dynamic()) {
      throw new ToolFailure(
          ErrorCode.NOT_DYNAMIC,
          "run " + runId + " is not dynamic (start it with dynamic: true to dispatch tasks)");
    }
    if (before.sealed()) {
      throw new ToolFailure(
          ErrorCode.RUN_SEALED, "run " + runId + " is sealed: it takes no more tasks");
    }
    List<TaskSpec> specs;
    try {
      specs =
          loader.parseDispatch(
              tasksYaml,
              baseDirs.getOrDefault(runId, settings().workDir()),
              "yaml",
              settings().caps(),
              Set.copyOf(run.taskNames()));
    } catch (PlanException e) {
      throw Failures.ofDispatch(e);
    }
    try {
      // The engine wants a batch's dependencies before their dependants.
      run.dispatch(DispatchYaml.dependenciesFirst(specs));
    } catch (RunClosedException e) {
      throw Failures.of(e);
    } catch (IllegalArgumentException e) {
      // A concurrent dispatch took a name (or the parse raced it): same codes as the parser's.
      throw new ToolFailure(
          e.getMessage().contains("unknown task")
              ? ErrorCode.UNKNOWN_DEPENDENCY
              : ErrorCode.DUPLICATE_TASK,
          e.getMessage());
    }
    RunSnapshot after = run.snapshot();
    List<Views.DispatchedTask> tasks =
        specs.stream()
            .map(s -> task(after, s.name()))
            .map(
                t ->
                    new Views.DispatchedTask(
                        t.name(), t.wave(), t.dependsOn(), t.status().wireName()))
            .toList();
    return new Reply(
        new Views.Dispatched(runId, tasks),
        "accepted "
            + tasks.stream().map(t -> t.name() + " (" + t.status() + ")").toList()
            + " in run "
            + runId);
  }

  @Tool(
      name = "seal_dispatch",
      description =
          "Close a dynamic run to new tasks. Required to end a dynamic run: it finishes when"
              + " sealed and every task is final. Sealing twice is harmless. A dispatch racing"
              + " the seal is either in the run (and runs) or refused with RUN_SEALED.",
      annotations =
          @Annotations(
              title = "Seal a dynamic run",
              readOnlyHint = false,
              destructiveHint = false,
              idempotentHint = true,
              openWorldHint = false),
      outputSchema = @OutputSchema(from = Views.Sealed.class))
  public ToolResponse sealDispatch(
      @ToolArg(name = "run_id", description = "The dynamic run (from start_run).") String runId) {
    return respond(
        () -> {
          Run run = directory().find(runId).changeable();
          if (!run.snapshot().dynamic()) {
            throw new ToolFailure(
                ErrorCode.NOT_DYNAMIC, "run " + runId + " is not dynamic: nothing to seal");
          }
          RunSnapshot after = run.seal();
          long unfinished = after.tasks().stream().filter(t -> !t.status().isFinal()).count();
          return new Reply(
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

  @Tool(
      name = "write_fact",
      description =
          "Write a shared fact (key = value) for a live run, in shared/facts.json. Facts are"
              + " prepended, ordered by key, to the prompts of tasks that start after the write"
              + " (tasks already running do not see it). Writing a key again replaces its value."
              + " A value over 1 KiB is cut at a UTF-8 boundary and marked ' [truncated]'; the"
              + " result says so.",
      annotations =
          @Annotations(
              title = "Write a shared fact",
              readOnlyHint = false,
              destructiveHint = false,
              idempotentHint = true,
              openWorldHint = false),
      outputSchema = @OutputSchema(from = Views.FactWritten.class))
  public ToolResponse writeFact(
      @ToolArg(name = "run_id", description = "The run (from start_run).") String runId,
      @ToolArg(description = "The fact's key (1-128 characters, no control characters).")
          String key,
      @ToolArg(description = "The fact's value (at most 1024 bytes are kept).") String value) {
    return respond(
        () -> {
          checkKey(key);
          if (value == null) {
            throw invalid("value is required");
          }
          Run run = directory().find(runId).changeable();
          if (!run.snapshot().live()) {
            throw new ToolFailure(
                ErrorCode.RUN_FINISHED, "run " + runId + " is over: no task would see the fact");
          }
          Facts.Written written = run.facts().write(key, value);
          Views.FactWritten view =
              new Views.FactWritten(
                  runId,
                  key,
                  written.fact().value(),
                  Views.text(written.fact().updatedAt()),
                  written.truncated(),
                  written.originalBytes());
          return new Reply(
              view,
              "fact "
                  + key
                  + " written"
                  + (written.truncated()
                      ? " (cut from " + written.originalBytes() + " bytes to 1024 + marker)"
                      : ""));
        });
  }

  @Tool(
      name = "read_facts",
      description = "Read every shared fact of a run (shared/facts.json), ordered by key.",
      annotations =
          @Annotations(
              title = "Read shared facts",
              readOnlyHint = true,
              destructiveHint = false,
              idempotentHint = true,
              openWorldHint = false),
      outputSchema = @OutputSchema(from = Views.FactList.class))
  public ToolResponse readFacts(
      @ToolArg(name = "run_id", description = "The run (from start_run).") String runId) {
    return respond(
        () -> {
          RunDirectory.Found found = directory().find(runId);
          Map<String, Facts.Fact> facts =
              found
                  .live()
                  .map(r -> r.facts().all())
                  .orElseGet(() -> new TreeMap<>(new Facts(found.folder().facts()).all()));
          List<Views.FactView> list =
              facts.entrySet().stream()
                  .map(
                      e ->
                          new Views.FactView(
                              e.getKey(),
                              e.getValue().value(),
                              Views.text(e.getValue().updatedAt())))
                  .toList();
          StringBuilder text = new StringBuilder(list.size() + " facts in run " + runId);
          list.forEach(f -> text.append('\n').append(f.key()).append(" = ").append(f.value()));
          return new Reply(new Views.FactList(runId, list), text.toString());
        });
  }

  private static void checkKey(String key) {
    if (key == null || key.isEmpty() || key.length() > 128) {
      throw invalid("key must have 1 to 128 characters");
    }
    if (key.chars().anyMatch(Character::isISOControl)) {
      throw invalid("key must not contain control characters");
    }
  }

  private static TaskSnapshot task(RunSnapshot run, String name) {
    if (name == null || name.isBlank()) {
      throw invalid("task is required");
    }
    return run.task(name)
        .orElseThrow(
            () ->
                new ToolFailure(
                    ErrorCode.TASK_NOT_FOUND,
                    "run "
                        + run.runId()
                        + " has no task '"
                        + name
                        + "'; it has "
                        + run.tasks().stream().map(TaskSnapshot::name).toList()));
  }

  private static String readTasksFile(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw invalid("no such tasks file: " + file);
    } catch (IOException e) {
      throw invalid("cannot read the tasks file " + file + ": " + e.getMessage());
    }
  }

  private ServeSettings settings() {
    return state.settings();
  }

  private RunDirectory directory() {
    return new RunDirectory(registry, settings());
  }

  static ToolFailure invalid(String message) {
    return new ToolFailure(ErrorCode.INVALID_ARGUMENT, message);
  }

  /** A tool's success: structured content and its text. */
  record Reply(Object structured, String text) {}

  /** The body of a tool; may throw {@link ToolFailure} for a domain failure. */
  interface Body {
    Reply call() throws Exception;
  }

  /** Runs a tool's body: its reply, or whatever it threw as an error result ({@link Failures}). */
  static ToolResponse respond(Body body) {
    try {
      Reply reply = body.call();
      return Replies.success(reply.structured(), reply.text());
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      } else if (!(e instanceof ToolFailure || e instanceof PlanException)) {
        LOG.error("tool call failed", e);
      }
      return Replies.failure(Failures.ofAny(e));
    }
  }
}
