package dev.codexpar.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexpar.model.TaskFigures;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.model.TaskTurn;
import dev.codexpar.model.VerifyRound;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task's turns and verify rounds in its meta file, and one answer file per turn. */
class RunFolderTurnsTest {
  private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

  @TempDir Path tmp;

  private static TaskSnapshot done(String name) {
    return new TaskSnapshot(
        name,
        0,
        List.of(),
        TaskStatus.DONE,
        42L,
        T0,
        T0,
        T0.plusSeconds(30),
        TaskFigures.EMPTY,
        0,
        null,
        List.of("codex", "exec"),
        name,
        name,
        List.of());
  }

  @Test
  void turnsAndVerifyRoundsReadBackFromTheMetaFile() throws IOException {
    RunFolder folder = new RunFolder(tmp);
    folder.createLayout();
    List<TaskTurn> turns =
        List.of(
            new TaskTurn(
                1,
                TaskTurn.Kind.START,
                "Fix the fee rounding",
                T0,
                T0.plusSeconds(10),
                1200,
                100,
                34,
                TaskStatus.DONE,
                "0199-s1"),
            new TaskTurn(
                2,
                TaskTurn.Kind.VERIFY_FIX,
                "The check `make test` failed (exit code 1). The end of its output:",
                T0.plusSeconds(12),
                null,
                0,
                0,
                0,
                TaskStatus.RUNNING,
                "0199-s1"));
    List<VerifyRound> rounds =
        List.of(new VerifyRound(1, T0.plusSeconds(10), T0.plusSeconds(12), 1, false, "FAIL é\n"));

    folder.writeTask("r1", done("fee").withTurns(turns, rounds));

    TaskSnapshot read = folder.readTask("fee").orElseThrow();
    assertThat(read.turns()).isEqualTo(turns);
    assertThat(read.verifyRounds()).isEqualTo(rounds);
    assertThat(Files.readString(folder.taskMeta("fee")))
        .contains("\"kind\" : \"verify_fix\"")
        .contains("\"verify_rounds\" : [");
  }

  @Test
  void aMetaFileWithoutTurnsReadsAsNone() throws IOException {
    RunFolder folder = new RunFolder(tmp);
    folder.createLayout();
    folder.writeTask("r1", done("old"));
    String older =
        Files.readString(folder.taskMeta("old"))
            .replaceAll("(?s),\\s*\"turns\" : \\[ \\]", "")
            .replaceAll("(?s),\\s*\"verify_rounds\" : \\[ \\]", "");
    assertThat(older).doesNotContain("turns").doesNotContain("verify_rounds");
    Files.writeString(folder.taskMeta("old"), older);

    TaskSnapshot read = folder.readTask("old").orElseThrow();

    assertThat(read.turns()).isEmpty();
    assertThat(read.verifyRounds()).isEmpty();
  }

  @Test
  void eachTurnKeepsItsAnswerAndTheLatestDoneOneIsTheOutput() throws IOException {
    RunFolder folder = new RunFolder(tmp);
    folder.createLayout();
    Files.writeString(folder.output("fee"), "first answer");

    folder.keepTurnOutput("fee", 1);
    // turn 2 runs with -o outputs/fee.turn-2.md
    Files.writeString(folder.turnOutput("fee", 2), "second answer");
    folder.publishTurnOutput("fee", 2);
    folder.keepTurnOutput("fee", 2);

    assertThat(folder.turnOutput("fee", 1)).hasFileName("fee.turn-1.md").hasContent("first answer");
    assertThat(folder.turnOutput("fee", 2)).hasContent("second answer");
    assertThat(folder.output("fee")).hasContent("second answer");
    // keeping again never overwrites a kept turn
    Files.writeString(folder.output("fee"), "changed");
    folder.keepTurnOutput("fee", 1);
    assertThat(folder.turnOutput("fee", 1)).hasContent("first answer");
    assertThatThrownBy(() -> folder.turnOutput("fee", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPromptIsSummarisedByItsFirstLine() {
    assertThat(TaskTurn.summarize("\n  Fix it.  \nDetails follow")).isEqualTo("Fix it.");
    assertThat(TaskTurn.summarize(null)).isEmpty();
    String longLine = "é".repeat(200);
    assertThat(TaskTurn.summarize(longLine)).hasSize(TaskTurn.PROMPT_SUMMARY_CHARS).endsWith("é…");
  }
}
