package dev.codexpar.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexpar.codex.CodexCapabilities;
import dev.codexpar.codex.CodexLocator;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.RunStatus;
import dev.codexpar.plan.Plan;
import dev.codexpar.plan.PlanLoader;
import dev.codexpar.testing.FakeCodexScript;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every snapshot is consistent in itself, also while the run ends: a live run reads running with no
 * end time; only the snapshot of a run that is over has one (get_status once answered {@code
 * running, live} with {@code ended_at} set).
 */
class RunSnapshotConsistencyTest {
  @TempDir Path tmp;
  private RunRegistry registry;

  @BeforeEach
  void setUp() {
    registry = new RunRegistry();
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  @Test
  void aSnapshotTakenWhileTheRunEndsIsLiveWithoutAnEndOrOverWithOne() throws Exception {
    Path codex = FakeCodexScript.path();
    CodexCapabilities caps = CodexLocator.probe(codex);
    Plan plan =
        new PlanLoader()
            .parse(
                "defaults: {cwd: ., sandbox: read-only}\ntasks:\n"
                    + "  - {name: a, prompt: 'FAKE: ok'}\n  - {name: b, prompt: 'FAKE: ok'}\n",
                tmp,
                "tasks.yaml",
                caps);
    RunOptions options = new RunOptions(2, false, false, codex, Map.of(), Duration.ofMillis(500));
    List<String> inconsistent = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      Run run = registry.start(plan, tmp.resolve("run-" + round), options, caps, t -> {});
      RunSnapshot seen;
      do {
        seen = run.snapshot();
        boolean consistent =
            seen.live()
                ? seen.endedAt() == null && seen.status() == RunStatus.RUNNING
                : seen.endedAt() != null && seen.status() != RunStatus.RUNNING;
        if (!consistent) {
          inconsistent.add(
              "live " + seen.live() + ", " + seen.status() + ", ended at " + seen.endedAt());
        }
      } while (seen.live());
    }
    assertThat(inconsistent).isEmpty();
  }
}
