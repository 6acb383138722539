package dev.codexpar.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexpar.model.RunSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden frames of the renderer: fixed clock, zone and state. To accept a deliberate change, run
 * with {@code -Dgolden.update=true} and review the diff of {@code src/test/resources/dashboard}.
 */
class DashboardTest {
  private static final Path GOLDEN = Path.of("src/test/resources/dashboard");
  private static final Dashboard DASHBOARD =
      new Dashboard(ZoneOffset.UTC, "Ctrl+C cancels the run");

  @ParameterizedTest
  @ValueSource(ints = {60, 72, 120})
  void everyStatusAndALongNameAtWidth(int width) throws IOException {
    List<String> frame =
        DASHBOARD.frame(RunFixtures.everyStatus(), RunFixtures.NOW, width, 40, false);
    assertGolden("every-status-" + width + ".txt", frame);
  }

  @Test
  void moreTasksThanRowsFoldsTheFinishedOnesIntoACount() throws IOException {
    List<String> frame = DASHBOARD.frame(RunFixtures.manyTasks(), RunFixtures.NOW, 72, 16, false);
    assertThat(frame).hasSize(16);
    assertGolden("many-tasks-72x16.txt", frame);
  }

  @Test
  void theFinishedRunKeepsItsFrameAndGetsASummary() throws IOException {
    RunSnapshot run = RunFixtures.finished();
    List<String> lines =
        new java.util.ArrayList<>(DASHBOARD.frame(run, RunFixtures.NOW, 72, 40, false));
    lines.add("");
    lines.addAll(DASHBOARD.summary(run, RunFixtures.NOW));
    assertGolden("finished-72.txt", lines);
  }

  @ParameterizedTest
  @ValueSource(ints = {72, 120})
  void worktreeTasksShowTheirCommittedChange(int width) throws IOException {
    List<String> frame =
        DASHBOARD.frame(RunFixtures.withWorktrees(), RunFixtures.NOW, width, 40, false);
    assertGolden("worktrees-" + width + ".txt", frame);
  }

  @Test
  void aTaskWhoseCodexNeverStartedGetsNoPointerToALogItDoesNotHave() {
    assertThat(DASHBOARD.summary(RunFixtures.codexNeverStarted(), RunFixtures.NOW))
        .contains("failed lint: cannot start codex: /opt/codex: No such file or directory");
    assertThat(DASHBOARD.summary(RunFixtures.finished(), RunFixtures.NOW))
        .anySatisfy(line -> assertThat(line).startsWith("failed lint: ").contains("; stderr: "));
  }

  @Test
  void noFrameIsWiderOrTallerThanItsTerminal() {
    for (RunSnapshot run : List.of(RunFixtures.everyStatus(), RunFixtures.manyTasks())) {
      for (int width = 20; width <= 200; width += 7) {
        for (int height : List.of(5, 9, 16, 40)) {
          List<String> frame = DASHBOARD.frame(run, RunFixtures.NOW, width, height, false);
          assertThat(frame).as("%dx%d", width, height).hasSizeLessThanOrEqualTo(height);
          for (String line : frame) {
            assertThat(Cell.width(line))
                .as("%dx%d: %s", width, height, line)
                .isLessThanOrEqualTo(width);
          }
        }
      }
    }
  }

  @Test
  void colourIsOnlyAddedAroundTheSameText() {
    RunSnapshot run = RunFixtures.everyStatus();
    List<String> plain = DASHBOARD.frame(run, RunFixtures.NOW, 120, 40, false);
    List<String> colour = DASHBOARD.frame(run, RunFixtures.NOW, 120, 40, true);
    assertThat(String.join("\n", plain)).doesNotContain("\u001b");
    assertThat(String.join("\n", colour)).contains("\u001b[1;31mX");
    assertThat(colour.stream().map(l -> l.replaceAll("\u001b\\[[0-9;]*m", "")).toList())
        .isEqualTo(plain);
  }

  @Test
  void aPlainTableShowsEveryTaskWhole() {
    List<String> table = DASHBOARD.plain(RunFixtures.manyTasks(), RunFixtures.NOW);
    assertThat(String.join("\n", table))
        .contains("task_00")
        .contains("task_29")
        .doesNotContain("more:");
  }

  private static void assertGolden(String name, List<String> frame) throws IOException {
    String actual = String.join("\n", frame) + "\n";
    Path file = GOLDEN.resolve(name);
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).as(name).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }
}
