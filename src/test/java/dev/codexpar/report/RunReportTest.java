package dev.codexpar.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codexpar.store.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {
  @TempDir Path dir;

  @Test
  void everyTaskWithItsFiguresAttemptsActivityOutputAndStderr() throws Exception {
    try (RunFolder.Ownership live = ReportFixtures.everyStatus(dir)) {
      RunFolder folder = new RunFolder(dir);
      JsonNode data = RunReport.data(folder, folder.read().orElseThrow(), ReportFixtures.NOW);

      List<String> names = new ArrayList<>();
      data.get("tasks").forEach(t -> names.add(t.get("name").asText()));
      assertThat(names).containsExactlyInAnyOrderElementsOf(ReportFixtures.NAMES);
      JsonNode lint = task(data, "lint_config");
      // its meta lists no turns (an older file): a bar per attempt
      assertThat(lint.get("bars")).hasSize(2);
      assertThat(lint.get("attemptCount").asInt()).isEqualTo(2);
      JsonNode first = lint.get("bars").get(0);
      assertThat(first.get("turn").isNull()).isTrue();
      // the task's start is its first attempt's; that attempt's kept log was last written at its
      // end
      assertThat(first.get("estimatedStart").asBoolean()).isFalse();
      assertThat(first.get("start").asLong())
          .isEqualTo(ReportFixtures.START.plusSeconds(20).toEpochMilli());
      assertThat(first.get("end").asLong())
          .isEqualTo(ReportFixtures.START.plusSeconds(22).toEpochMilli());
      JsonNode second = lint.get("bars").get(1);
      assertThat(second.get("attempt").asInt()).isEqualTo(2);
      assertThat(second.get("status").asText()).isEqualTo("done");
      // the last attempt began when its codex did (the recorded pid's start)
      assertThat(second.get("start").asLong())
          .isEqualTo(ReportFixtures.START.plusSeconds(24).toEpochMilli());
      assertThat(second.get("estimatedStart").asBoolean()).isFalse();

      JsonNode fix = task(data, "fix_rounding");
      assertThat(fix.get("status").asText()).isEqualTo("failed");
      assertThat(fix.get("outputTokens").asLong()).isEqualTo(2_210);
      assertThat(fix.get("commands").get(1).get("command").asText()).isEqualTo("./gradlew test");
      assertThat(fix.get("commands").get(1).get("exitCode").asInt()).isEqualTo(1);
      assertThat(fix.get("files").get(0).asText()).endsWith("src/Fee.java");
      assertThat(fix.get("stderrTail").asText()).contains("ERROR: 2 tests failed");
      assertThat(task(data, "cross_review").get("status").asText()).isEqualTo("running");
      assertThat(task(data, "notes").get("bars")).isEmpty();

      String output = task(data, "fee_calculator").get("outputHtml").asText();
      assertThat(output).contains("<table>").contains("<code>double</code>");
      assertThat(output).doesNotContain(ReportFixtures.HOSTILE).contains("&lt;script&gt;");
    }
  }

  /** A bar per turn from the meta's turns: its times, kind, prompt, status and attempt. */
  @Test
  void aTaskOfSeveralTurnsHasABarPerTurnAndItsVerifyRounds() throws Exception {
    try (RunFolder.Ownership live = ReportFixtures.everyStatus(dir)) {
      RunFolder folder = new RunFolder(dir);
      JsonNode data = RunReport.data(folder, folder.read().orElseThrow(), ReportFixtures.NOW);

      JsonNode polish = task(data, "polish");
      List<String> bars = new ArrayList<>();
      polish
          .get("bars")
          .forEach(
              b ->
                  bars.add(
                      b.get("turn").asInt()
                          + " "
                          + b.get("kind").asText()
                          + " attempt "
                          + b.get("attempt").asInt()
                          + " "
                          + second(b.get("start"))
                          + "-"
                          + second(b.get("end"))
                          + " "
                          + b.get("status").asText()
                          + " "
                          + b.get("prompt").asText()));
      assertThat(bars)
          .containsExactly(
              "1 start attempt 1 41-60 done Polish the fee code",
              "2 verify_fix attempt 1 62-75 done The check failed",
              "3 follow_up attempt 1 90-100 done Also add a test");
      assertThat(polish.get("verifyRounds")).hasSize(2);
      assertThat(second(polish.get("verifyRounds").get(0).get("end"))).isEqualTo(62);
      assertThat(polish.get("verifyRounds").get(0).get("passed").asBoolean()).isFalse();
      assertThat(polish.get("verifyRounds").get(1).get("passed").asBoolean()).isTrue();

      // the retry resumed the session: a turn of its own, the next attempt, the first's error
      JsonNode retry = task(data, "retry_job").get("bars");
      assertThat(retry).hasSize(2);
      assertThat(retry.get(0).get("attempt").asInt()).isEqualTo(1);
      assertThat(retry.get(0).get("status").asText()).isEqualTo("failed");
      assertThat(retry.get(0).get("error").asText()).contains("429");
      assertThat(retry.get(1).get("attempt").asInt()).isEqualTo(2);
      assertThat(retry.get(1).get("kind").asText()).isEqualTo("retry");
      assertThat(task(data, "retry_job").get("attemptCount").asInt()).isEqualTo(2);

      // the running turn reaches the report's now
      JsonNode running = task(data, "cross_review").get("bars").get(0);
      assertThat(running.get("status").asText()).isEqualTo("running");
      assertThat(running.get("end").asLong()).isEqualTo(ReportFixtures.NOW.toEpochMilli());
    }
  }

  /** The change a worktree task committed, from its meta as the dashboard reads it. */
  @Test
  void aWorktreeTaskCarriesItsCommittedLinesAndAnOtherTaskNone() throws Exception {
    try (RunFolder.Ownership live = ReportFixtures.everyStatus(dir)) {
      RunFolder folder = new RunFolder(dir);
      JsonNode data = RunReport.data(folder, folder.read().orElseThrow(), ReportFixtures.NOW);

      JsonNode worktree = task(data, "polish").get("worktree");
      assertThat(worktree.get("committed").asBoolean()).isTrue();
      assertThat(worktree.get("insertions").asLong()).isEqualTo(ReportFixtures.POLISH_INSERTIONS);
      assertThat(worktree.get("deletions").asLong()).isEqualTo(ReportFixtures.POLISH_DELETIONS);
      assertThat(worktree.get("filesChanged").asInt()).isEqualTo(3);
      assertThat(worktree.get("branch").asText()).isEqualTo("codex-par/r-every/polish");
      assertThat(task(data, "fee_calculator").get("worktree").isNull()).isTrue();
    }
  }

  private static long second(JsonNode millis) {
    return (millis.asLong() - ReportFixtures.START.toEpochMilli()) / 1000;
  }

  /** The chain that held the run up: the last to end, then the dependency each waited for. */
  @Test
  void theCriticalPathFollowsTheLatestDependency() throws Exception {
    try (RunFolder.Ownership live = ReportFixtures.everyStatus(dir)) {
      RunFolder folder = new RunFolder(dir);
      JsonNode data = RunReport.data(folder, folder.read().orElseThrow(), ReportFixtures.NOW);
      assertThat(data.get("run").get("criticalPath").toString())
          .isEqualTo("[\"retry_job\",\"cross_review\"]");
      assertThat(task(data, "retry_job").get("critical").asBoolean()).isTrue();
      assertThat(task(data, "fee_calculator").get("critical").asBoolean()).isFalse();
    }
  }

  @Test
  void thePageIsOneFileThatLoadsNothingAndNoTextCanEndItsScript() throws Exception {
    try (RunFolder.Ownership live = ReportFixtures.everyStatus(dir)) {
      Path page =
          RunReport.write(new RunFolder(dir), dir.resolve("report.html"), ReportFixtures.NOW);
      String html = Files.readString(page);
      assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain(" src=");
      assertThat(html.split("<script", -1)).hasSize(3); // the data block and the page's script
      assertThat(html).doesNotContain("</script>window").contains("\"name\":\"fix_rounding\"");
    }
  }

  @Test
  void aFolderWithoutARunIsRefusedByName() {
    assertThatThrownBy(() -> RunReport.html(new RunFolder(dir), ReportFixtures.NOW))
        .isInstanceOf(RunReport.NoRunException.class)
        .hasMessageContaining(dir.toString());
  }

  private static JsonNode task(JsonNode data, String name) {
    for (JsonNode t : data.get("tasks")) {
      if (t.get("name").asText().equals(name)) {
        return t;
      }
    }
    throw new AssertionError("no task " + name);
  }
}
