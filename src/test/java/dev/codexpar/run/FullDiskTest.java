package dev.codexpar.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codexpar.codex.CodexCapabilities;
import dev.codexpar.codex.CodexLocator;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.plan.Plan;
import dev.codexpar.plan.PlanLoader;
import dev.codexpar.process.Liveness;
import dev.codexpar.store.Json;
import dev.codexpar.store.RunFolder;
import dev.codexpar.testing.FakeCodexScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder on a file system that fills up: a 2 MB tmpfs the test mounts (it needs root and
 * {@code mount}; elsewhere these tests are skipped, and {@code LogWritingTest} covers the pump
 * against {@code /dev/full}). The log cap is tested on an ordinary folder.
 */
class FullDiskTest {
  private static final Duration LIMIT = Duration.ofSeconds(60);

  @TempDir Path tmp;
  private RunRegistry registry;
  private Path disk;

  @AfterEach
  void tearDown() throws Exception {
    if (registry != null) {
      registry.close();
    }
    if (disk != null) {
      new ProcessBuilder("umount", "-l", disk.toString()).inheritIO().start().waitFor();
    }
  }

  private void mountSmallDisk() throws Exception {
    Path mountPoint = Files.createDirectory(tmp.resolve("disk"));
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mountPoint.toString())
            .redirectErrorStream(true)
            .start();
    mount.getOutputStream().close();
    mount.getInputStream().readAllBytes();
    Assumptions.assumeTrue(mount.waitFor() == 0, "cannot mount a tmpfs here (needs root)");
    disk = mountPoint;
  }

  @Test
  void aFullDiskFailsTheTaskEndsTheRunAndCancelStillWorks() throws Exception {
    mountSmallDisk();
    registry = new RunRegistry();
    Path codex = FakeCodexScript.path();
    CodexCapabilities caps = CodexLocator.probe(codex);
    Plan plan =
        new PlanLoader()
            .parse(
                "defaults: {cwd: ., sandbox: read-only}\ntasks:\n"
                    + "  - {name: flood, prompt: 'FAKE: stderr-flood'}\n" // 20 MiB on stderr
                    + "  - {name: waits, prompt: 'FAKE: sleep=600'}\n",
                tmp,
                "tasks.yaml",
                caps);
    RunOptions options = new RunOptions(4, true, false, codex, Map.of(), Duration.ofMillis(500));
    Run run = registry.start(plan, disk.resolve("run"), options, caps, t -> {});

    org.awaitility.Awaitility.await()
        .atMost(LIMIT)
        .until(() -> task(run.snapshot(), "flood").status().isFinal());
    TaskSnapshot flood = task(run.snapshot(), "flood");
    assertThat(flood.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(flood.error()).startsWith("disk full: cannot write " + disk.resolve("run/logs"));
    assertThat(ProcessHandle.of(flood.pid()).filter(Liveness::running)).isEmpty();

    // what Ctrl+C and SIGTERM do: cancel, and the run ends although nothing can be written
    run.cancel("cancelled: codex-par received SIGTERM").await().atMost(LIMIT);
    RunSnapshot last = run.completion().await().atMost(LIMIT);
    TaskSnapshot waits = task(last, "waits");
    assertThat(waits.status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(ProcessHandle.of(waits.pid()).filter(Liveness::running)).isEmpty();
  }

  @Test
  void aCappedLogKeepsItsTailAndTheMetaSaysHowMuchWasDropped() throws Exception {
    ExecutorService pumps = Executors.newCachedThreadPool();
    try {
      long cap = 64 * 1024;
      Path events = tmp.resolve("logs/big.jsonl");
      TaskLauncher.Launched launched =
          new TaskLauncher(pumps, cap)
              .launch(
                  FakeCodexScript.argv("exec", "--json", "-"),
                  tmp,
                  Map.of(),
                  "FAKE: garbage", // a 5 MiB line, then an ordinary turn
                  events,
                  tmp.resolve("logs/big.stderr.log"),
                  figures -> {});
      TaskLauncher.Exit exit = launched.exit().get(LIMIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(exit.code()).isZero();
      assertThat(exit.figures().failure()).isNull();
      assertThat(Files.size(events)).isLessThanOrEqualTo(cap);
      assertThat(exit.figures().logBytesDropped()).isGreaterThan(5L * 1024 * 1024 - cap);
      List<String> tail = Files.readAllLines(events);
      assertThat(tail.get(tail.size() - 1)).contains("turn.completed");
      RunFolder folder = new RunFolder(tmp);
      folder.writeTask(
          "r1",
          new TaskSnapshot(
              "big",
              0,
              List.of(),
              TaskStatus.DONE,
              launched.child().pid(),
              null,
              null,
              null,
              exit.figures(),
              0,
              null,
              List.of(),
              "big",
              "big",
              List.of()));
      JsonNode meta = Json.MAPPER.readTree(folder.taskMeta("big").toFile());
      assertThat(meta.path("log_bytes_dropped").asLong())
          .isEqualTo(exit.figures().logBytesDropped());
    } finally {
      pumps.shutdownNow();
    }
  }

  @Test
  void theLogCapIsReadFromItsVariable() {
    assertThat(TaskLauncher.logCap(null)).isEqualTo(TaskLauncher.DEFAULT_LOG_CAP);
    assertThat(TaskLauncher.logCap("64K")).isEqualTo(64 * 1024);
    assertThat(TaskLauncher.logCap("1g")).isEqualTo(1L << 30);
    assertThat(TaskLauncher.logCap("2048")).isEqualTo(2048);
    assertThat(TaskLauncher.logCap("lots")).isEqualTo(TaskLauncher.DEFAULT_LOG_CAP);
  }

  private static TaskSnapshot task(RunSnapshot run, String name) {
    return run.tasks().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }
}
