package dev.codexpar.cli;

import dev.codexpar.model.SafeText;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.plan.DurationText;
import dev.codexpar.plan.Suggest;
import dev.codexpar.store.RunFolder;
import dev.codexpar.store.RunMeta;
import dev.codexpar.ui.TaskTail;
import dev.codexpar.ui.TimeOfDay;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description =
        "Follow one task's codex events (logs/NAME.jsonl) as readable lines, waiting for the task"
            + " to start if it has not, until it ends; then print its status and output path."
            + " Exit 0 if it ended done, 1 otherwise.")
public class TailCommand implements Callable<Integer> {
  /** How often the files of the task are looked at again while following. */
  private static final Duration POLL = Duration.ofMillis(200);

  @Parameters(paramLabel = "NAME", description = "The task to follow.")
  String name;

  @Mixin DirOption dir;

  @Option(
      names = "--raw",
      description =
          "Print the JSONL event lines exactly as codex wrote them (the final status goes to"
              + " stderr).")
  boolean raw;

  @Option(
      names = "--no-follow",
      description =
          "Print what the log holds now and the task's status, then exit (1 only if the task"
              + " ended other than done).")
  boolean noFollow;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    RunFolder folder = new RunFolder(dir.dir());
    RunMeta run =
        folder
            .readRunMeta()
            .orElseThrow(() -> new CliException(ExitCode.USAGE, "no run in " + folder.root()));
    if (!run.tasks().contains(name)) {
      throw new CliException(ExitCode.USAGE, unknownTask(run));
    }
    PrintWriter out = spec.commandLine().getOut();
    TaskTail tail = new TaskTail(folder, name, POLL);
    Optional<TimeOfDay> readable = raw ? Optional.empty() : Optional.of(TimeOfDay.local());
    Clock clock = Clock.systemUTC();
    Consumer<String> print =
        line -> {
          out.print(line + "\n"); // "\n", not the platform's line end: --raw equals the file
          out.flush();
        };
    TaskSnapshot task;
    if (noFollow) {
      Optional<TaskSnapshot> now = tail.readAvailable(print, readable, clock);
      if (now.isEmpty() || !now.get().status().isFinal()) {
        report(now.map(t -> t.status().wireName() + " " + t.name()).orElse("pending " + name));
        return ExitCode.OK;
      }
      task = now.get();
    } else {
      task = tail.follow(print, readable, clock);
    }
    report(ending(task, folder));
    return task.status() == TaskStatus.DONE ? ExitCode.OK : ExitCode.TASKS_FAILED;
  }

  /** The last word goes to stdout, or to stderr with --raw so that stdout stays the log. */
  private void report(String line) {
    PrintWriter target = raw ? spec.commandLine().getErr() : spec.commandLine().getOut();
    target.println(line);
    target.flush();
  }

  private static String ending(TaskSnapshot task, RunFolder folder) {
    Duration duration = task.duration(Instant.now());
    String took = duration == null ? "" : " in " + DurationText.format(duration);
    return task.status() == TaskStatus.DONE
        ? "done " + task.name() + took + "; output: " + folder.output(task.name())
        : task.status().wireName()
            + " "
            + task.name()
            + took
            + ": "
            + SafeText.printable(task.error())
            + folder.stderrPointer(task);
  }

  private String unknownTask(RunMeta run) {
    List<String> names = run.tasks();
    return "run "
        + run.runId()
        + " has no task '"
        + name
        + "'"
        + Suggest.didYouMean(name, names)
        + " (its tasks: "
        + String.join(", ", names)
        + ")";
  }
}
