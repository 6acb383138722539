package dev.codexpar.codex;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionFilesTest {
  @TempDir Path home;

  private void rollout(String id, String firstLine) throws IOException {
    Path day = Files.createDirectories(home.resolve("sessions/2026/12/01"));
    Files.writeString(day.resolve("rollout-2026-12-01T21-29-48-" + id + ".jsonl"), firstLine);
  }

  @Test
  void theSessionMetaNamesTheFolder() throws IOException {
    rollout(
        "01a2-aaaa",
        "{\"type\":\"session_meta\",\"payload\":{\"id\":\"01a2-aaaa\",\"cwd\":\"/work/wt/repo\"}}\n"
            + "{\"type\":\"event_msg\"}\n");
    rollout("01a2-bbbb", "not json\n");

    assertThat(SessionFiles.recordedCwd(home, "01a2-aaaa")).contains(Path.of("/work/wt/repo"));
    assertThat(SessionFiles.recordedCwd(home, "01a2-bbbb")).isEmpty();
    assertThat(SessionFiles.recordedCwd(home, "01a2-cccc")).isEmpty();
    assertThat(SessionFiles.recordedCwd(home.resolve("none"), "01a2-aaaa")).isEmpty();
  }

  @Test
  void codexHomeIsTheVariableElseDotCodex() {
    assertThat(SessionFiles.codexHome(Map.of("CODEX_HOME", "/h"))).isEqualTo(Path.of("/h"));
    assertThat(SessionFiles.codexHome(Map.of()))
        .isEqualTo(Path.of(System.getProperty("user.home"), ".codex"));
  }
}
