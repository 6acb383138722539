package dev.codexpar.cli;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.run.Run;
import dev.codexpar.ui.ChangeLog;
import dev.codexpar.ui.Dashboard;
import dev.codexpar.ui.LiveDashboard;
import dev.codexpar.ui.TerminalScreen;
import dev.codexpar.ui.TimeOfDay;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Follows a started run of this process to its end, for a command: the live dashboard on a
 * terminal, else the final table; a signal cancels the run. Returns the command's exit code.
 */
final class RunWatch {
  private RunWatch() {}

  /** The plain log's line for every task's change, unless a dashboard shows the run. */
  static Consumer<TaskSnapshot> changeLines(PrintWriter out, Optional<TerminalScreen> screen) {
    if (screen.isPresent()) {
      return t -> {};
    }
    ChangeLog log = new ChangeLog(TimeOfDay.local());
    return t -> {
      synchronized (out) {
        out.println(log.line(t, Instant.now()));
        out.flush();
      }
    };
  }

  static int follow(Run run, PrintWriter out, Optional<TerminalScreen> screen)
      throws InterruptedException {
    AtomicReference<String> interruptedBy = new AtomicReference<>();
    try (Interrupts ignored =
        Interrupts.install(
            signal -> {
              if (interruptedBy.compareAndSet(null, signal)) {
                run.cancel("cancelled: codex-par received SIG" + signal).subscribe().with(s -> {});
              }
            })) {
      Dashboard frames = new Dashboard(ZoneId.systemDefault(), "Ctrl+C cancels the run");
      RunSnapshot last;
      if (screen.isPresent()) {
        LiveDashboard live = new LiveDashboard(frames, screen.get(), Clock.systemUTC());
        live.watch(
            run.snapshot(), (seen, atMost) -> run.awaitChange(seen.version(), atMost.toMillis()));
        last = run.completion().await().indefinitely();
        live.finish(last);
      } else {
        last = run.completion().await().indefinitely();
        frames.plain(last, Instant.now()).forEach(out::println);
        out.flush();
      }
      if (interruptedBy.get() != null) {
        return ExitCode.INTERRUPTED;
      }
      return last.tasks().stream().allMatch(t -> t.status() == TaskStatus.DONE)
          ? ExitCode.OK
          : ExitCode.TASKS_FAILED;
    }
  }
}
