package dev.codexpar.mcp;

import dev.codexpar.model.AppServerHost;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.Transport;
import dev.codexpar.plan.Plan;
import dev.codexpar.plan.TasksFile;
import dev.codexpar.run.RunOptions;
import dev.codexpar.store.DurationHistory;
import dev.codexpar.ui.Units;
import dev.codexpar.usecase.CallerDir;
import dev.codexpar.usecase.Refusal;
import dev.codexpar.usecase.RunDirectory;
import dev.codexpar.usecase.RunReports;
import dev.codexpar.usecase.Runs;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.MetaField;
import io.quarkiverse.mcp.server.RequestId;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.Tool.Annotations;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolGuardrails;
import io.quarkiverse.mcp.server.ToolResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** start_run: a new run, or the resume of one that is over. */
@Singleton
public class StartRunTool {
  /** Short enough that cancelling every run fits in the server's 5 s exit budget. */
  private static final Duration KILL_GRACE = Duration.ofSeconds(2);

  @Inject UseCases useCases;
  @Inject TaskResources resources;

  /** Starts the run with its tasks' files listed as resources, their subscribers told of ends. */
  private dev.codexpar.run.Run start(Runs.Prepared prepared) {
    resources.register(
        prepared.runId(), prepared.plan().tasks().stream().map(TaskSpec::name).toList());
    var run = prepared.start(resources.updates(prepared.runId()));
    RunReports.writeWhenOver(run);
    return run;
  }

  @ToolGuardrails(input = ArgumentCheck.class)
  @MetaField(name = "ui", type = MetaField.Type.JSON, value = RunPageResources.TOOL_UI)
  @Tool(
      name = "start_run",
      description =
          "Start a run of codex tasks (fields of tasks.yaml: name, prompt, cwd, depends_on,"
              + " sandbox, model, timeout, ...) and return at once; invalid tasks start nothing."
              + " Then get_status (wait_s) and read_output. dynamic: takes tasks by dispatch"
              + " until sealed. resume_run_id: an earlier run again, its done tasks kept. `report`"
              + " names its HTML page, written once it ends.",
      annotations =
          @Annotations(
              readOnlyHint = false,
              destructiveHint = true,
              idempotentHint = false,
              openWorldHint = true))
  public ToolResponse startRun(
      McpConnection connection,
      RequestId request,
      @ToolArg(
              description = "Tasks as JSON objects; or yaml or path (one of the three).",
              required = false)
          List<Map<String, Object>> tasks,
      @ToolArg(description = "Tasks as YAML text (a tasks: list).", required = false) String yaml,
      @ToolArg(description = "A tasks YAML file.", required = false) String path,
      @ToolArg(description = "Run folder (default <serve --dir>/runs/<run_id>).", required = false)
          String dir,
      @ToolArg(
              name = "max_parallel",
              description =
                  "Codex processes at once, 1-"
                      + RunOptions.MAX_PARALLEL_LIMIT
                      + " (default "
                      + RunOptions.DEFAULT_MAX_PARALLEL
                      + ").",
              required = false)
          Integer maxParallel,
      @ToolArg(
              name = "keep_going",
              description =
                  "After a failure skip only its dependants (default: start nothing new).",
              required = false)
          Boolean keepGoing,
      @ToolArg(description = "Take tasks by dispatch until sealed.", required = false)
          Boolean dynamic,
      @ToolArg(name = "transport", description = "exec or app-server.", required = false)
          String transportName,
      @ToolArg(description = "app-server URLs.", required = false) List<String> hosts,
      @ToolArg(
              name = "resume_run_id",
              description = "An earlier run that is over (its recorded tasks unless given).",
              required = false)
          String resumeRunId,
      @ToolArg(
              description = "With resume_run_id: done tasks to run again, and their dependants.",
              required = false)
          List<String> rerun) {
    return ToolCalls.respond(
        connection,
        request,
        () -> {
          long sources =
              java.util.stream.Stream.of(tasks, yaml, path).filter(x -> x != null).count();
          if (sources > 1) {
            throw Refusal.invalid("give the tasks as one of tasks, yaml and path");
          }
          String text = tasks != null ? DispatchYaml.taskObjects(tasks) : yaml;
          int parallel = parallel(maxParallel);
          Reach asked =
              new Reach(
                  Optional.ofNullable(transportName).map(StartRunTool::transport),
                  hosts == null
                      ? List.of()
                      : hosts.stream().map(url -> new AppServerHost(url, null, parallel)).toList());
          return resumeRunId != null || rerun != null
              ? resume(resumeRunId, rerun, text, path, dir, parallel, keepGoing, dynamic, asked)
              : start(text, path, dir, parallel, keepGoing, Boolean.TRUE.equals(dynamic), asked);
        });
  }

  /** The transport and hosts a caller asked for (none: the tasks file's, else exec). */
  private record Reach(Optional<Transport> transport, List<AppServerHost> hosts) {
    RunOptions applied(RunOptions options, Optional<Plan> plan) {
      Plan given = plan.orElseGet(() -> Plan.of(List.of()));
      return options.withTransport(given.transportOr(transport, hosts), given.hostsOr(hosts));
    }
  }

  private static Transport transport(String name) {
    return Transport.fromWire(name)
        .orElseThrow(
            () ->
                Refusal.invalid(
                    "transport must be one of "
                        + String.join(", ", Transport.wireNames())
                        + ", got '"
                        + name
                        + "'"));
  }

  private ToolCalls.Reply start(
      String yaml,
      String path,
      String dir,
      int parallel,
      Boolean keepGoing,
      boolean dynamic,
      Reach asked) {
    if (yaml == null && path == null && !dynamic) {
      throw Refusal.invalid("give the tasks (only a dynamic run may start without)");
    }
    Runs.Tasks tasks = tasks(yaml, path, dynamic).orElseGet(this::noTasks);
    ServeSettings settings = useCases.settings();
    Runs.StartRequest request =
        new Runs.StartRequest(
            tasks,
            Optional.ofNullable(dir)
                .map(d -> CallerDir.check(d, settings.workDir(), settings.root(), "dir")),
            asked.applied(options(parallel, keepGoing, dynamic), Optional.of(tasks.plan())),
            settings.caps(),
            false);
    Runs.Prepared prepared = useCases.runs().prepare(request);
    var run = start(prepared);
    Plan plan = tasks.plan();
    Views.StartedRun started =
        started(prepared, plan, dynamic, prepared.maxParallel(), keepGoing, List.of());
    String next =
        dynamic
            ? "Dispatch tasks with dispatch_task / dispatch_wave, then seal_dispatch to let the"
                + " run finish."
            : "Poll get_status with run_id and wait_s; read results with read_output.";
    return new ToolCalls.Reply(
        started,
        "started run "
            + run.id()
            + ": "
            + Units.planLine(
                plan.tasks().size(), plan.waveCount(), prepared.maxParallel(), run.dir())
            + "\n"
            + next
            + noteLines(started));
  }

  /** A dynamic run may start with no task: it gets them by dispatch. */
  private Runs.Tasks noTasks() {
    ServeSettings settings = useCases.settings();
    return useCases.runs().parse(null, settings.workDir(), "yaml", settings.caps(), true);
  }

  private ToolCalls.Reply resume(
      String resumeRunId,
      List<String> rerun,
      String yaml,
      String path,
      String dir,
      int parallel,
      Boolean keepGoing,
      Boolean dynamic,
      Reach asked) {
    if (resumeRunId == null) {
      throw Refusal.invalid("rerun needs resume_run_id: it names tasks of the run to resume");
    }
    if (dir != null) {
      throw Refusal.invalid("a resumed run runs in the folder of the run it resumes: drop dir");
    }
    if (Boolean.TRUE.equals(dynamic)) {
      throw Refusal.invalid("a resumed run is static: drop dynamic");
    }
    RunDirectory.Found earlier = useCases.directory().find(resumeRunId);
    Optional<Runs.Tasks> given = tasks(yaml, path, false);
    Runs.ResumeRequest request =
        new Runs.ResumeRequest(
            earlier,
            given,
            new LinkedHashSet<>(rerun == null ? List.of() : rerun),
            asked.applied(options(parallel, keepGoing, false), given.map(Runs.Tasks::plan)),
            useCases.settings().caps(),
            false);
    Runs.Prepared prepared = useCases.runs().prepare(request);
    var run = start(prepared);
    Views.StartedRun started =
        started(
            prepared, prepared.plan(), false, prepared.maxParallel(), keepGoing, run.carriedOver());
    return new ToolCalls.Reply(
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
                started.carriedOver())
            + noteLines(started));
  }

  /** The tasks of yaml or of the file at path, validated like the CLI's; empty if neither. */
  private Optional<Runs.Tasks> tasks(String yaml, String path, boolean dynamic) {
    ServeSettings settings = useCases.settings();
    if (path != null) {
      Path file = settings.workDir().resolve(CallerDir.path(path, "path")).normalize();
      return Optional.of(
          useCases
              .runs()
              .parse(
                  readTasksFile(file),
                  file.getParent(),
                  file.getFileName().toString(),
                  settings.caps(),
                  dynamic));
    }
    if (yaml != null) {
      return Optional.of(
          useCases.runs().parse(yaml, settings.workDir(), "yaml", settings.caps(), dynamic));
    }
    return Optional.empty();
  }

  private static int parallel(Integer maxParallel) {
    int parallel = maxParallel == null ? RunOptions.DEFAULT_MAX_PARALLEL : maxParallel;
    if (parallel < 1 || parallel > RunOptions.MAX_PARALLEL_LIMIT) {
      throw Refusal.invalid(
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
            useCases.settings().codexBin(),
            Map.of(),
            KILL_GRACE)
        .withDurationHistory(useCases.settings().root().resolve(DurationHistory.FILE_NAME));
  }

  /** start_run's result: a fresh run is a resume that carried nothing over. */
  private static Views.StartedRun started(
      Runs.Prepared prepared,
      Plan plan,
      boolean dynamic,
      int parallel,
      Boolean keepGoing,
      List<String> carried) {
    List<String> names = plan.tasks().stream().map(TaskSpec::name).toList();
    return new Views.StartedRun(
        prepared.runId(),
        prepared.dir().toString(),
        dynamic,
        parallel,
        Boolean.TRUE.equals(keepGoing),
        names,
        waves(plan),
        prepared.resumedFrom().orElse(null),
        carried,
        names.stream().filter(n -> !carried.contains(n)).toList(),
        RunReports.pathIn(prepared.dir()).toString(),
        prepared.notes().isEmpty() ? null : prepared.notes());
  }

  /** The run's notes as lines to end the text answer with; none: nothing. */
  private static String noteLines(Views.StartedRun started) {
    return Views.noteLines(started.notes());
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

  /** The tasks file's text ({@link TasksFile#read}: a regular file, capped); refusals name path. */
  private static String readTasksFile(Path file) {
    try {
      return TasksFile.read(file);
    } catch (TasksFile.TasksFileException e) {
      throw new Refusal(
          Refusal.Kind.INVALID_ARGUMENT, "path: " + e.problems().get(0), e.problems());
    }
  }
}
