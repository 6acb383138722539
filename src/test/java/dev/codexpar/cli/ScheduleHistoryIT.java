package dev.codexpar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexpar.store.DurationHistory;
import dev.codexpar.testing.FakeCodexScript;
import dev.codexpar.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through {@code ./codex-par} with the fake codex: a run leaves its durations at the run root, and
 * a second run of the same tasks in another folder there starts the longest remaining path first;
 * {@code --dry-run} shows the estimates and the expected critical path.
 */
class ScheduleHistoryIT {
  private static final Duration LIMIT = Duration.ofMinutes(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * At -j1 one task runs at a time. Knowing nothing, the scheduler starts {@code short} first (it
   * has a dependant, {@code long} has none); once a run measured them, {@code long} (3 s) is the
   * longer remaining path than {@code short} then {@code after} (0.2 s), so it starts first.
   */
  private static final String TASKS =
      """
      defaults: {cwd: ., sandbox: read-only}
      tasks:
        - {name: long, prompt: 'FAKE: sleep=3'}
        - {name: short, prompt: 'FAKE: sleep=0.1'}
        - {name: after, prompt: 'FAKE: sleep=0.1', depends_on: [short]}
      """;

  @TempDir Path tmp;

  @Test
  void aSecondRunStartsTheLongestRemainingPathFirstByTheFirstRunsDurations() throws Exception {
    Path tasks = tmp.resolve("tasks.yaml");
    Files.writeString(tasks, TASKS);
    Path first = tmp.resolve("first");
    Launcher.Result one = cli("run", tasks.toString(), "--dir", first.toString(), "-j", "1");
    assertThat(one.exitCode()).as(one.toString()).isZero();
    assertThat(startOf(first, "short")).isBefore(startOf(first, "long"));
    assertThat(tmp.resolve(DurationHistory.FILE_NAME)).isRegularFile();

    Path second = tmp.resolve("second");
    Launcher.Result dry =
        cli("run", tasks.toString(), "--dir", second.toString(), "-j", "1", "--dry-run");
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(dry.out())
        .contains(
            "estimates (3 of 3 tasks from the history at " + tmp.resolve(DurationHistory.FILE_NAME))
        .containsPattern("\n  long \\d+s\n")
        .containsPattern("\n  short [^\n]+\n")
        .containsPattern("critical path \\(\\d+s expected\\): long\n");

    Launcher.Result two = cli("run", tasks.toString(), "--dir", second.toString(), "-j", "1");
    assertThat(two.exitCode()).as(two.toString()).isZero();
    assertThat(startOf(second, "long")).isBefore(startOf(second, "short"));
  }

  @Test
  void aDryRunWithoutHistoryNamesTheDefaultAndTheLongestChain() throws IOException {
    Path tasks = tmp.resolve("tasks.yaml");
    Files.writeString(tasks, TASKS);
    Path run = tmp.resolve("run");
    Launcher.Result dry = cli("run", tasks.toString(), "--dir", run.toString(), "--dry-run");
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(dry.out())
        .contains("estimates (0 of 3 tasks from the history at ")
        .contains("the others a default of 1m00s):\n")
        .contains("  after 1m00s (no history)\n")
        .contains("critical path (2m00s expected): short -> after\n");
    assertThat(run).doesNotExist();
    assertThat(tmp.resolve(DurationHistory.FILE_NAME)).doesNotExist();
  }

  private static Instant startOf(Path run, String task) throws IOException {
    return Instant.parse(
        JSON.readTree(run.resolve("logs/" + task + ".meta.json").toFile())
            .path("started_at")
            .asText());
  }

  private Launcher.Result cli(String... args) {
    return Launcher.run(tmp, Map.of("CODEX_BIN", FakeCodexScript.path().toString()), LIMIT, args);
  }
}
