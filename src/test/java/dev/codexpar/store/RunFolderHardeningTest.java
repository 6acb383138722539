package dev.codexpar.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexpar.model.TaskFigures;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run folder that others tampered with: long names, links, corrupt metas, foreign files. */
class RunFolderHardeningTest {
  @TempDir Path tmp;

  private static TaskSnapshot task(String name) {
    return new TaskSnapshot(
        name,
        0,
        List.of(),
        TaskStatus.PENDING,
        null,
        null,
        null,
        null,
        TaskFigures.EMPTY,
        null,
        null,
        List.of(),
        name,
        name,
        List.of());
  }

  @Test
  void everyFileOfALongestNameFits() throws Exception {
    String name = "n".repeat(100);
    RunFolder folder = new RunFolder(tmp);
    folder.createLayout();
    folder.writeTask("r1", task(name));
    Files.writeString(folder.eventLog(name), "{}\n");
    Files.writeString(folder.stderrLog(name), "err\n");
    folder.keepAttempt(name, 10);
    AtomicFile.write(folder.output(name), "done".getBytes());
    assertThat(tmp.resolve("logs/" + name + ".attempt-10.stderr.log")).hasContent("err");
    assertThat(folder.readTask(name)).isPresent();
    assertThatThrownBy(() -> folder.output("n".repeat(101)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nothingIsReadOrWrittenThroughALink() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path secret = Files.writeString(outside.resolve("passwd"), "root:x:0:0");
    Path runDir = Files.createDirectories(tmp.resolve("run"));
    RunFolder folder = new RunFolder(runDir);
    folder.createLayout();
    Files.createSymbolicLink(runDir.resolve("logs/a.stderr.log"), secret);
    assertThatThrownBy(() -> Chunk.read(folder.stderrLog("a"), 0, 1000))
        .isInstanceOf(RunFolder.LinkedPathException.class)
        .hasMessageContaining("a.stderr.log is a symbolic link");
    // the same link reached by a path built elsewhere is not followed either
    assertThatThrownBy(() -> Chunk.read(runDir.resolve("logs/a.stderr.log"), 0, 1000))
        .isInstanceOf(java.io.IOException.class);

    Files.delete(runDir.resolve("outputs"));
    Files.createSymbolicLink(runDir.resolve("outputs"), outside);
    assertThatThrownBy(() -> folder.output("a")).isInstanceOf(RunFolder.LinkedPathException.class);
    Files.delete(runDir.resolve("logs/a.stderr.log"));
    Files.delete(runDir.resolve("logs"));
    Files.createSymbolicLink(runDir.resolve("logs"), outside);
    assertThatThrownBy(() -> folder.writeTask("r1", task("a")))
        .isInstanceOf(RunFolder.LinkedPathException.class);
    assertThat(outside).isDirectoryNotContaining(p -> p.getFileName().toString().contains("a."));
    Files.delete(runDir.resolve("shared"));
    Files.createSymbolicLink(runDir.resolve("shared"), outside);
    assertThatThrownBy(folder::facts).isInstanceOf(RunFolder.LinkedPathException.class);
    Files.createSymbolicLink(runDir.resolve(RunFolder.RUN_META), secret);
    assertThatThrownBy(folder::readRunMeta).isInstanceOf(RunFolder.LinkedPathException.class);
    assertThat(secret).hasContent("root:x:0:0");
  }

  @Test
  void aCorruptMetaNamesItsFileAndAListingMarksItInsteadOfFailing() throws Exception {
    RunFolder broken = new RunFolder(tmp.resolve("broken"));
    broken.createLayout();
    Files.writeString(broken.runMeta(), "{\"run_id\": \"r1\", \"tasks\": [");
    assertThatThrownBy(broken::read)
        .isInstanceOfSatisfying(
            RunFolder.CorruptFileException.class,
            e -> assertThat(e.file()).isEqualTo(broken.runMeta()))
        .hasMessageStartingWith(broken.runMeta() + " is not a readable codex-par file (")
        .hasMessageNotContaining("\n");
    assertThat(broken.readForListing().orElseThrow().broken().file()).isEqualTo(broken.runMeta());

    RunFolder badTask = new RunFolder(tmp.resolve("bad-task"));
    badTask.createLayout();
    Files.writeString(badTask.runMeta(), "{\"run_id\": \"r2\", \"tasks\": [\"a\"]}");
    Files.writeString(badTask.taskMeta("a"), "\u0000\u001b[2J garbage");
    RunFolder.Listing listing = badTask.readForListing().orElseThrow();
    assertThat(listing.run()).isNull();
    assertThat(listing.broken().file()).isEqualTo(badTask.taskMeta("a"));
    assertThat(listing.broken().getMessage()).doesNotContain("\u001b");

    RunFolder good = new RunFolder(tmp.resolve("good"));
    good.createLayout();
    Files.writeString(good.runMeta(), "{\"run_id\": \"r3\", \"tasks\": []}");
    assertThat(good.readForListing().orElseThrow().run().runId()).isEqualTo("r3");
  }

  @Test
  void cleanRemovesOnlyWhatCodexParWrote() throws Exception {
    RunFolder folder = new RunFolder(tmp);
    folder.createLayout();
    Files.writeString(folder.runMeta(), "{\"run_id\": \"r1\", \"tasks\": [\"a\"]}");
    Files.writeString(tmp.resolve("run.lock"), "");
    Files.writeString(folder.output("a"), "answer");
    Files.writeString(tmp.resolve("outputs/thesis.md"), "my thesis");
    Files.writeString(folder.eventLog("a"), "{}\n");
    Files.writeString(tmp.resolve("logs/a.attempt-1.jsonl"), "{}\n");
    Files.writeString(tmp.resolve("logs/.a.meta.json.4242-7.tmp"), "{");
    Files.writeString(tmp.resolve("logs/b.spec.json"), "{}"); // a dispatched task
    Files.writeString(tmp.resolve("logs/b.jsonl"), "{}\n");
    Files.createDirectories(tmp.resolve("logs/mystuff"));
    Files.writeString(tmp.resolve("logs/mystuff/notes.txt"), "mine");
    Files.writeString(folder.facts(), "{}");
    Path earlier = Files.createDirectories(tmp.resolve("previous-runs/r0/outputs"));
    Files.writeString(
        earlier.resolveSibling("run.meta.json"), "{\"run_id\": \"r0\", \"tasks\": [\"c\"]}");
    Files.writeString(earlier.resolve("c.md"), "old answer");
    Files.writeString(earlier.resolve("keep.txt"), "mine too");

    RunFolder.Cleaned cleaned = folder.clean();

    assertThat(tmp.resolve("outputs/thesis.md")).hasContent("my thesis");
    assertThat(tmp.resolve("logs/mystuff/notes.txt")).hasContent("mine");
    assertThat(earlier.resolve("keep.txt")).hasContent("mine too");
    assertThat(cleaned.kept())
        .containsExactlyInAnyOrder(
            tmp.resolve("outputs/thesis.md"),
            tmp.resolve("logs/mystuff"),
            earlier.resolve("keep.txt"));
    for (String gone :
        List.of(
            "run.meta.json",
            "run.lock",
            "outputs/a.md",
            "logs/a.jsonl",
            "logs/a.attempt-1.jsonl",
            "logs/.a.meta.json.4242-7.tmp",
            "logs/b.spec.json",
            "logs/b.jsonl",
            "shared",
            "previous-runs/r0/run.meta.json",
            "previous-runs/r0/outputs/c.md")) {
      assertThat(tmp.resolve(gone)).doesNotExist();
    }
  }
}
