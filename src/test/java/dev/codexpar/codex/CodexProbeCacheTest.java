package dev.codexpar.codex;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe's answers on disk: a later process asks nothing, a changed binary is asked again. */
class CodexProbeCacheTest {
  @TempDir Path dir;

  private final AtomicInteger asked = new AtomicInteger();

  private CodexProbe newProcessesProbe() {
    return new CodexProbe(
        (argv, timeout) -> {
          asked.incrementAndGet();
          return CodexProbe.runChild(argv, timeout);
        },
        Optional.of(new CodexProbeCache(dir.resolve("cache"))));
  }

  private Path codex(String version, Instant modified) throws IOException {
    Path script = dir.resolve("codex");
    Files.writeString(
        script,
        String.join(
            "\n",
            "#!/bin/sh",
            "case \"$*\" in",
            "  --version) echo 'codex-cli " + version + "' ;;",
            "  'exec --help') echo 'Usage: codex exec [OPTIONS] [PROMPT]'; echo '  --json' ;;",
            "  *) exit 2 ;;",
            "esac",
            ""));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setLastModifiedTime(script, FileTime.from(modified));
    return script;
  }

  @Test
  void aLaterProcessReadsTheAnswersAndAChangedBinaryIsProbedAgain() throws IOException {
    Instant installed = Instant.parse("2026-01-01T00:00:00Z");
    Path binary = codex("0.169.0", installed);
    CodexCapabilities first = newProcessesProbe().probe(binary);
    assertThat(first.version()).isEqualTo("0.169.0");
    assertThat(asked.get()).isEqualTo(3);

    assertThat(newProcessesProbe().probe(binary)).isEqualTo(first);
    assertThat(asked.get()).as("answered from the disk").isEqualTo(3);

    codex("0.170.0", installed.plusSeconds(60)); // reinstalled
    assertThat(newProcessesProbe().probe(binary).version()).isEqualTo("0.170.0");
    assertThat(asked.get()).isEqualTo(6);
  }

  @Test
  void aCorruptCacheFileIsAMiss() throws IOException {
    Path binary = codex("0.169.0", Instant.parse("2026-01-01T00:00:00Z"));
    CodexCapabilities first = newProcessesProbe().probe(binary);
    try (Stream<Path> files = Files.list(dir.resolve("cache"))) {
      for (Path file : files.toList()) {
        Files.writeString(file, "binary=someone else's\nversion=9\n");
      }
    }
    assertThat(newProcessesProbe().probe(binary)).isEqualTo(first);
    assertThat(asked.get()).isEqualTo(6);
  }

  @Test
  void theUserCacheFollowsXdgThenHome() {
    assertThat(CodexProbeCache.inUserCache(Map.of("XDG_CACHE_HOME", "/x", "HOME", "/h")))
        .isPresent();
    assertThat(CodexProbeCache.inUserCache(Map.of())).isEmpty();
  }
}
