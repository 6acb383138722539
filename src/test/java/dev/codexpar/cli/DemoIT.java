package dev.codexpar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.store.RunFolder;
import dev.codexpar.testing.Launcher;
import dev.codexpar.testing.ReportData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo} through the packaged launcher, with no codex anywhere on PATH: the built-in plan
 * runs through the real engine with the shipped stand-in, every task ends done (one after a retry),
 * and {@code report} turns the folder into a page.
 */
class DemoIT {
  private static final Duration LIMIT = Duration.ofMinutes(2);

  /** The system's own folders only: java is there, codex is not. */
  private static final Map<String, String> NO_CODEX = Map.of("PATH", "/usr/bin:/bin");

  @TempDir Path tmp;

  @BeforeAll
  static void noCodexOnThatPath() {
    for (String dir : NO_CODEX.get("PATH").split(":")) {
      assertThat(Path.of(dir, "codex")).as("this test needs a PATH without codex").doesNotExist();
    }
  }

  @Test
  void theDemoRunsEveryTaskToDoneWithoutCodexAndItsReportShowsThem() throws IOException {
    Path dir = tmp.resolve("demo");
    Launcher.Result demo = Launcher.run(tmp, NO_CODEX, LIMIT, "demo", "--dir", dir.toString());
    assertThat(demo.exitCode()).as(demo.toString()).isZero();
    assertThat(demo.out())
        .contains("SIMULATION")
        .contains("6 tasks in 3 waves")
        .contains("pending   lint_config: attempt 1 failed (server_error)")
        .contains("codex-par run " + dir.resolve("tasks.yaml"));
    assertDemoRun(dir);
    assertThat(Files.readString(dir.resolve("outputs/cross_review.md")))
        .contains("# Cross-review: prioritized fixes");
    assertThat(Files.readString(dir.resolve("project/src/FeeCalculator.java")))
        .contains("(demo edit)");

    Launcher.Result report = Launcher.run(tmp, NO_CODEX, LIMIT, "report", "--dir", dir.toString());
    assertThat(report.exitCode()).as(report.toString()).isZero();
    Path page = dir.resolve("report.html");
    assertThat(report.out().strip()).isEqualTo(page.toString());
    assertThat(Files.readString(page))
        .contains("\"name\":\"release_notes\"")
        .containsPattern(
            "\"criticalPath\":\\[\"(fee_calculator|retry_job)\",[^\\]]*\"release_notes\"]");
    // the flaky task's two turns, each a bar of its own attempt: the 503, then the resumed retry
    JsonNode flaky = ReportData.task(ReportData.of(page), "lint_config").get("bars");
    assertThat(flaky).hasSize(2);
    assertThat(List.of(flaky.get(0).get("turn").asInt(), flaky.get(0).get("attempt").asInt()))
        .containsExactly(1, 1);
    assertThat(flaky.get(0).get("status").asText()).isEqualTo("failed");
    assertThat(flaky.get(0).get("error").asText()).contains("503");
    assertThat(List.of(flaky.get(1).get("turn").asInt(), flaky.get(1).get("attempt").asInt()))
        .containsExactly(2, 2);
    assertThat(flaky.get(1).get("kind").asText()).isEqualTo("retry");
    assertThat(flaky.get(1).get("start").asLong())
        .isGreaterThanOrEqualTo(flaky.get(0).get("end").asLong());

    // again in the same folder: the earlier demo is moved aside, the sample project starts over
    // and the flaky task fails once again
    Launcher.Result again = Launcher.run(tmp, NO_CODEX, LIMIT, "demo", "--dir", dir.toString());
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertDemoRun(dir);
    try (Stream<Path> archived = Files.list(dir.resolve("previous-runs"))) {
      assertThat(archived).hasSize(1);
    }
    assertThat(Files.readString(dir.resolve("project/src/FeeCalculator.java")).split("demo edit"))
        .hasSize(2);
  }

  @Test
  void aFolderWithSomeoneElsesFilesIsRefused() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("mine"));
    Files.writeString(dir.resolve("notes.txt"), "mine");
    Launcher.Result demo = Launcher.run(tmp, NO_CODEX, LIMIT, "demo", "--dir", dir.toString());
    assertThat(demo.exitCode()).as(demo.toString()).isEqualTo(2);
    assertThat(demo.err()).contains(dir + " holds files but no earlier demo");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).containsExactly(dir.resolve("notes.txt"));
    }
  }

  private static void assertDemoRun(Path dir) {
    RunSnapshot run = new RunFolder(dir).read().orElseThrow();
    assertThat(run.tasks())
        .extracting(TaskSnapshot::name)
        .containsExactlyInAnyOrder(
            "fee_calculator",
            "retry_job",
            "lint_config",
            "cross_review",
            "fix_rounding",
            "release_notes");
    assertThat(run.tasks()).allSatisfy(t -> assertThat(t.status()).isEqualTo(TaskStatus.DONE));
    TaskSnapshot flaky = run.task("lint_config").orElseThrow();
    assertThat(flaky.attempts()).isEqualTo(2);
    assertThat(flaky.attemptErrors()).singleElement().asString().contains("503");
    TaskSnapshot fix = run.task("fix_rounding").orElseThrow();
    assertThat(fix.figures().files()).isEqualTo(2);
    assertThat(fix.figures().commands()).isEqualTo(2);
    assertThat(run.task("fee_calculator").orElseThrow().figures().outputTokens()).isEqualTo(1_240);
  }
}
