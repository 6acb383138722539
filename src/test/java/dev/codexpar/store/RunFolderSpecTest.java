package dev.codexpar.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexpar.model.RetryPolicy;
import dev.codexpar.model.RetryReason;
import dev.codexpar.model.ReviewScope;
import dev.codexpar.model.Sandbox;
import dev.codexpar.model.TaskKind;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.VerifySpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resumed run reruns tasks exactly as they were validated, so their specs must read back whole.
 */
class RunFolderSpecTest {
  @TempDir Path tmp;

  @Test
  void aTaskSpecReadsBackEqualFieldForField() {
    TaskSpec spec =
        new TaskSpec(
            "fee_calc",
            TaskKind.REVIEW,
            "Review it: é 😀",
            tmp.resolve("repo"),
            Sandbox.WORKSPACE_WRITE,
            "gpt-5",
            false,
            List.of("model_reasoning_effort=\"high\""),
            "fast",
            List.of(tmp.resolve("a.png")),
            List.of("web_search"),
            List.of("x"),
            "agent-1",
            "thread-1",
            List.of("setup", "schema"),
            new ReviewScope(false, null, "abc123", "Fix it"),
            Duration.ofSeconds(90),
            tmp.resolve("schema.json"),
            true,
            true,
            new RetryPolicy(3, Set.of(RetryReason.RATE_LIMIT), Duration.ofMillis(1500)),
            "setup",
            new VerifySpec("make test", 3, Duration.ofSeconds(45)));
    RunFolder folder = new RunFolder(tmp.resolve("run"));
    folder.createLayout();

    folder.writeSpec(spec);

    assertThat(folder.readSpec("fee_calc")).contains(spec);
    assertThat(folder.readSpec("other")).isEmpty();
  }

  @Test
  void defaultsReadBackToo() {
    TaskSpec spec = TaskSpec.exec("plain", "go", tmp);
    RunFolder folder = new RunFolder(tmp.resolve("run"));
    folder.createLayout();

    folder.writeSpec(spec);

    assertThat(folder.readSpec("plain")).contains(spec);
  }
}
