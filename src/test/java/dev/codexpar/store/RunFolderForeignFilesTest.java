package dev.codexpar.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder defaults to the current folder, where a project may keep its own {@code logs/}: what
 * no codex-par run wrote is neither moved aside by a new run nor removed by clean.
 */
class RunFolderForeignFilesTest {
  @TempDir Path tmp;

  @Test
  void filesNoRunWroteAreNeitherMovedNorRemoved() throws Exception {
    Path appLog = Files.createDirectories(tmp.resolve("logs")).resolve("app.log");
    Files.writeString(appLog, "the project's own log");
    RunFolder folder = new RunFolder(tmp);

    assertThatThrownBy(folder::archivePrevious)
        .isInstanceOf(RunFolder.ForeignFilesException.class)
        .hasMessageContaining("[logs/]")
        .hasMessageContaining("no codex-par run wrote them");
    assertThatThrownBy(folder::clean).isInstanceOf(RunFolder.ForeignFilesException.class);

    assertThat(appLog).hasContent("the project's own log");
    assertThat(tmp.resolve("previous-runs")).doesNotExist();
  }

  @Test
  void emptyFoldersOfARunThatDiedAtItsStartAreReused() throws Exception {
    Files.createDirectories(tmp.resolve("outputs"));
    Files.createDirectories(tmp.resolve("logs"));
    RunFolder folder = new RunFolder(tmp);

    assertThat(folder.archivePrevious()).isEmpty();
    assertThat(folder.clean().removed())
        .containsExactlyInAnyOrder(tmp.resolve("outputs"), tmp.resolve("logs"));
  }

  @Test
  void aRunsOwnFilesAreMovedAsideAsBefore() throws Exception {
    Files.createDirectories(tmp.resolve("logs"));
    Files.writeString(tmp.resolve("logs/a.jsonl"), "{}\n");
    Files.writeString(tmp.resolve(RunFolder.RUN_META), "{\"run_id\":\"20261126-010203-abcd\"}");
    RunFolder folder = new RunFolder(tmp);

    assertThat(folder.archivePrevious()).isPresent();
    assertThat(tmp.resolve("logs")).doesNotExist();
  }
}
