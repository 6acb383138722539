package dev.codexpar.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexpar.run.RunRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code runs/<id>} that is a symbolic link is no run of the root: reads would leave it. */
class RunDirectoryLinksTest {
  @TempDir Path tmp;

  @Test
  void aLinkedRunFolderIsRefusedAndNotListed() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("run.meta.json"), "{\"run_id\": \"r-1\", \"tasks\": []}");
    Path root = tmp.resolve("root");
    Path own = Files.createDirectories(root.resolve("runs/r-2"));
    Files.writeString(own.resolve("run.meta.json"), "{\"run_id\": \"r-2\", \"tasks\": []}");
    Path link = Files.createSymbolicLink(root.resolve("runs/r-1"), outside);
    try (RunRegistry registry = new RunRegistry()) {
      RunDirectory runs = new RunDirectory(registry, root);

      assertThatThrownBy(() -> runs.find("r-1"))
          .isInstanceOfSatisfying(
              Refusal.class, r -> assertThat(r.kind()).isEqualTo(Refusal.Kind.RUN_NOT_FOUND))
          .hasMessage(
              link
                  + " is a symbolic link: codex-par reads and writes no run through links (they"
                  + " could lead anywhere); remove it");
      assertThat(runs.all()).extracting(RunDirectory.Listed::runId).containsExactly("r-2");
      assertThat(runs.find("r-2").folder().root()).isEqualTo(own);
    }
  }
}
