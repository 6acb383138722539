package dev.codexpar.cli;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.run.Run;
import dev.codexpar.ui.Dashboard;
import dev.codexpar.ui.LiveDashboard;
import dev.codexpar.ui.TerminalScreen;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Follows a started run of this process to its end, for a command: the live dashboard on a
 * terminal, else the final table; a signal cancels the run. Returns the command's exit code.
 *
 * <p>The same steps as {@code RunCommand}'s own {@code follow}, which is being reworked at the same
 * time (issue 14): it can call this instead.
 */
final class RunWatch {
  private RunWatch() {}

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
