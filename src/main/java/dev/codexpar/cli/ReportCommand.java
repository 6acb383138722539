package dev.codexpar.cli;

import dev.codexpar.report.RunReport;
import dev.codexpar.store.RunFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "Write one self-contained HTML page of a run (finished or live): a timeline of every task"
            + " by wave with the critical path, each task's figures, commands, files, error and"
            + " output, tokens per task. It loads nothing from the network.")
public class ReportCommand implements Callable<Integer> {
  @Mixin DirOption dir;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "Where to write the page (default: report.html in the run folder).")
  Path out;

  @Option(
      names = "--open",
      description = "Open the page in the desktop's browser (xdg-open on Linux, open on macOS).")
  boolean open;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter printer = spec.commandLine().getOut();
    RunFolder folder = new RunFolder(dir.dir());
    Path target =
        (out == null ? folder.root().resolve(RunReport.FILE_NAME) : out)
            .toAbsolutePath()
            .normalize();
    try {
      RunReport.write(folder, target, Instant.now());
    } catch (RunReport.NoRunException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage());
    }
    printer.println(target);
    printer.flush();
    if (open) {
      openInBrowser(target);
    }
    return ExitCode.OK;
  }

  /** Hands the page to the desktop; argv only, stdin closed, output not inherited. */
  private static void openInBrowser(Path page) {
    String opener =
        System.getProperty("os.name").toLowerCase().contains("mac") ? "open" : "xdg-open";
    try {
      new ProcessBuilder(List.of(opener, page.toString()))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      throw new CliException(
          ExitCode.USAGE,
          "cannot open the page with " + opener + " (" + e.getMessage() + "): " + page);
    }
  }
}
