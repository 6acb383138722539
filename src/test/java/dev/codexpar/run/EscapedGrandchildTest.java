package dev.codexpar.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codexpar.codex.CodexCapabilities;
import dev.codexpar.codex.CodexLocator;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.plan.PlanLoader;
import dev.codexpar.process.Liveness;
import dev.codexpar.store.Json;
import dev.codexpar.testing.FakeCodexScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A grandchild that left the task's tree with setsid is stopped by a cancel all the same. */
class EscapedGrandchildTest {
  private static final Duration LIMIT = Duration.ofSeconds(60);

  @TempDir Path tmp;
  private final RunRegistry registry = new RunRegistry();
  private long grandchild;

  @AfterEach
  void tearDown() {
    registry.close();
    ProcessHandle.of(grandchild).ifPresent(ProcessHandle::destroyForcibly);
  }

  @Test
  void cancelKillsAGrandchildThatEscapedWithSetsid() throws Exception {
    Assumptions.assumeTrue(
        new ProcessBuilder("sh", "-c", "command -v setsid").start().waitFor() == 0,
        "no setsid here");
    Path codex = FakeCodexScript.path();
    CodexCapabilities caps = CodexLocator.probe(codex);
    Run run =
        registry.start(
            new PlanLoader()
                .parse(
                    "tasks:\n  - {name: t, cwd: ., sandbox: read-only, prompt: 'FAKE:"
                        + " escaped-setsid'}\n",
                    tmp,
                    "tasks.yaml",
                    caps),
            tmp.resolve("run"),
            new RunOptions(2, false, false, codex, Map.of(), Duration.ofMillis(500)),
            caps,
            t -> {});
    Path log = tmp.resolve("run/logs/t.jsonl");
    grandchild = await().atMost(LIMIT).until(() -> grandchildPid(log), pid -> pid > 0);
    long codexPid = run.snapshot().tasks().get(0).pid();
    // it is out of the tree: no descendant of the task's codex any more
    await()
        .atMost(LIMIT)
        .until(
            () ->
                ProcessHandle.of(codexPid)
                    .map(h -> h.descendants().noneMatch(d -> d.pid() == grandchild))
                    .orElse(true));
    assertThat(ProcessHandle.of(grandchild).filter(Liveness::running)).isPresent();

    run.cancel("cancelled by the test").await().atMost(LIMIT);
    RunSnapshot last = run.completion().await().atMost(LIMIT);

    assertThat(last.tasks().get(0).status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(ProcessHandle.of(grandchild).filter(Liveness::running)).isEmpty();
  }

  private static long grandchildPid(Path log) throws Exception {
    if (!Files.exists(log)) {
      return 0;
    }
    Optional<String> line =
        Files.readAllLines(log).stream().filter(l -> l.contains("fake.grandchild")).findFirst();
    return line.isEmpty() ? 0 : Json.MAPPER.readTree(line.get()).path("pid").asLong();
  }
}
