package dev.codexpar.codex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodexLocatorTest {
  @TempDir Path dir;

  private Path executable(String relative) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\necho codex-cli 0.0.1\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private Path plainFile(String relative) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "not executable");
    return file;
  }

  private String path(String... dirs) {
    return String.join(
        File.pathSeparator,
        Arrays.stream(dirs).map(d -> d.isEmpty() ? "" : dir.resolve(d).toString()).toList());
  }

  private Path locate(Path explicit, Map<String, String> env) {
    return CodexLocator.locate(explicit, env, dir.resolve("homebrew/codex"));
  }

  @Test
  void explicitPathWins() throws IOException {
    Path explicit = executable("explicit/codex");
    Path fromEnv = executable("env/codex");
    executable("bin/codex");

    assertThat(locate(explicit, Map.of("CODEX_BIN", fromEnv.toString(), "PATH", path("bin"))))
        .isEqualTo(explicit);
  }

  @Test
  void explicitPathThatIsNotExecutableIsAnError() throws IOException {
    Path explicit = plainFile("explicit/codex");
    executable("bin/codex");

    assertThatThrownBy(() -> locate(explicit, Map.of("PATH", path("bin"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "--codex-bin "
                + explicit
                + " is not an executable file; install codex (npm install -g @openai/codex) or"
                + " name its binary");
    assertThatThrownBy(() -> locate(dir.resolve("nowhere"), Map.of()))
        .hasMessageContaining("nowhere is not an executable file (missing)");
  }

  @Test
  void codexBinComesNext() throws IOException {
    Path fromEnv = executable("env/my-codex");
    executable("bin/codex");

    assertThat(locate(null, Map.of("CODEX_BIN", fromEnv.toString(), "PATH", path("bin"))))
        .isEqualTo(fromEnv);
  }

  @Test
  void codexBinThatIsNotExecutableIsAnError() throws IOException {
    Path fromEnv = plainFile("env/codex");

    assertThatThrownBy(() -> locate(null, Map.of("CODEX_BIN", fromEnv.toString())))
        .hasMessageStartingWith("CODEX_BIN " + fromEnv + " is not an executable file; install");
  }

  @Test
  void blankCodexBinIsUnset() throws IOException {
    Path onPath = executable("bin/codex");

    assertThat(locate(null, Map.of("CODEX_BIN", " ", "PATH", path("bin")))).isEqualTo(onPath);
  }

  @Test
  void firstExecutableCodexOnPathWins() throws IOException {
    plainFile("plain/codex");
    Files.createDirectories(dir.resolve("folder/codex"));
    Path second = executable("second/codex");
    executable("third/codex");

    assertThat(
            locate(null, Map.of("PATH", path("", "missing", "plain", "folder", "second", "third"))))
        .isEqualTo(second);
  }

  @Test
  void homebrewIsTheLastResort() throws IOException {
    Path homebrew = executable("homebrew/codex");

    assertThat(locate(null, Map.of("PATH", path("empty")))).isEqualTo(homebrew);
    assertThat(locate(null, Map.of())).isEqualTo(homebrew);
  }

  @Test
  void nothingFoundListsWhatWasTried() {
    assertThatThrownBy(() -> locate(null, Map.of("PATH", path("a", "b"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "codex not found (tried "
                + dir.resolve("a/codex")
                + ", "
                + dir.resolve("b/codex")
                + ", "
                + dir.resolve("homebrew/codex")
                + ")")
        .hasMessageContaining("--codex-bin")
        .hasMessageContaining("CODEX_BIN");
  }

  @Test
  void theDefaultLastResortIsHomebrew() {
    assertThat(CodexLocator.HOMEBREW_CODEX).isEqualTo(Path.of("/opt/homebrew/bin/codex"));
  }
}
