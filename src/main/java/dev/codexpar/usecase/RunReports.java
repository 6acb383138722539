package dev.codexpar.usecase;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.report.RunReport;
import dev.codexpar.run.Run;
import dev.codexpar.store.RunFolder;
import dev.codexpar.store.RunMeta;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A run's report ({@code report.html} in its folder): written once the run is over, on a thread of
 * its own (a large run's page takes a while, and no tool call or engine thread waits for it), and
 * named by a status only when it was written after the run ended (an older page in the folder, an
 * earlier run's or a live one's, is not this run's report).
 */
public final class RunReports {
  private static final ExecutorService WRITER =
      Executors.newSingleThreadExecutor(
          job -> {
            Thread thread = new Thread(job, "codex-par-report");
            thread.setDaemon(true);
            return thread;
          });

  private RunReports() {}

  /** Where a run's report is written. */
  public static Path pathIn(Path runDir) {
    return runDir.resolve(RunReport.FILE_NAME);
  }

  /** Writes the run's report into its folder once the run is over. */
  public static void writeWhenOver(Run run) {
    run.completion()
        .subscribe()
        .with(over -> WRITER.execute(() -> write(run.id(), run.dir())), failure -> {});
  }

  private static void write(String runId, Path dir) {
    RunFolder folder = new RunFolder(dir);
    // a resume may have taken the folder over meanwhile: its page is not this run's
    if (!folder.readRunMeta().map(RunMeta::runId).filter(runId::equals).isPresent()) {
      return;
    }
    try {
      RunReport.write(folder, pathIn(dir), Instant.now());
    } catch (RuntimeException e) {
      System.getLogger(RunReports.class.getName())
          .log(System.Logger.Level.WARNING, "cannot write the report of run " + runId, e);
    }
  }

  /** The run's report, if the run is over and its page was written since. */
  public static Optional<Path> of(RunSnapshot run) {
    if (run.live() || run.endedAt() == null) {
      return Optional.empty();
    }
    Path report = pathIn(run.dir());
    try {
      Instant written = Files.getLastModifiedTime(report).toInstant();
      return written.isBefore(run.endedAt()) ? Optional.empty() : Optional.of(report);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
