package dev.codexpar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexpar.testing.FakeCodexScript;
import dev.codexpar.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tail} through {@code ./codex-par} against a live run of the fake codex. */
class TailIT {
  private static final Duration LIMIT = Duration.ofMinutes(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void followsATaskOfALiveRunToItsEndThenRawEqualsTheFile() throws Exception {
    Path tasks = tmp.resolve("tasks.yaml");
    Files.writeString(
        tasks,
        """
        tasks:
          - {name: first, cwd: ., prompt: 'FAKE: sleep=3'}
          - {name: second, cwd: ., prompt: 'FAKE: ok', depends_on: [first]}
          - {name: broken, cwd: ., prompt: 'FAKE: fail', depends_on: [first]}
        """);
    Path run = tmp.resolve("run");
    try (Launcher owner =
        Launcher.start(
            tmp, env(), "run", tasks.toString(), "--dir", run.toString(), "--keep-going")) {
      await().atMost(LIMIT).until(() -> Files.exists(run.resolve("logs/second.meta.json")));
      // second has not started yet: tail waits for it, then follows it to its end
      Launcher.Result tail = cli("tail", "second", "--dir", run.toString());
      assertThat(tail.exitCode()).as(tail.toString()).isZero();
      assertThat(tail.out().lines().toList())
          .anySatisfy(l -> assertThat(l).matches("\\d\\d:\\d\\d:\\d\\d  START thread \\S+"))
          .anySatisfy(l -> assertThat(l).endsWith("  RUN ls -la"))
          .anySatisfy(l -> assertThat(l).endsWith("  EXIT 0 ls -la"))
          .anySatisfy(l -> assertThat(l).endsWith("  SAY " + FakeCodexScript.MESSAGE))
          .anySatisfy(l -> assertThat(l).endsWith("  TOKENS 2.4K in / 68 out"))
          .last()
          .satisfies(
              l ->
                  assertThat(l)
                      .startsWith("done second in ")
                      .endsWith("; output: " + run.resolve("outputs/second.md")));

      Launcher.Result broken = cli("tail", "broken", "--dir", run.toString());
      assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(1);
      assertThat(broken.out())
          .contains("FAILED " + FakeCodexScript.FAIL_MESSAGE)
          .contains("failed broken in ")
          .contains("stderr: " + run.resolve("logs/broken.stderr.log"));
      assertThat(owner.await(LIMIT).exitCode()).isEqualTo(1);
    }

    Launcher.Result raw = cli("tail", "second", "--raw", "--dir", run.toString());
    assertThat(raw.exitCode()).as(raw.toString()).isZero();
    assertThat(raw.out()).isEqualTo(Files.readString(run.resolve("logs/second.jsonl")));
    assertThat(raw.err()).startsWith("done second in ");

    Launcher.Result once = cli("tail", "broken", "--no-follow", "--dir", run.toString());
    assertThat(once.exitCode()).isEqualTo(1);
    assertThat(once.out()).contains("FAILED " + FakeCodexScript.FAIL_MESSAGE);
  }

  @Test
  void tailStartedWhileTheTaskRunsPrintsWhatComesLater() throws Exception {
    Path tasks = tmp.resolve("tasks.yaml");
    Files.writeString(tasks, "tasks:\n  - {name: slow, cwd: ., prompt: 'FAKE: sleep=3'}\n");
    Path run = tmp.resolve("run");
    try (Launcher owner =
        Launcher.start(tmp, env(), "run", tasks.toString(), "--dir", run.toString())) {
      await().atMost(LIMIT).until(() -> statusOf(run, "slow").equals("running"));
      try (Launcher tail = Launcher.start(tmp, env(), "tail", "slow", "--dir", run.toString())) {
        assertThat(statusOf(run, "slow"))
            .as("still running when tail started")
            .isEqualTo("running");
        Launcher.Result followed = tail.await(LIMIT);
        assertThat(followed.exitCode()).as(followed.toString()).isZero();
        assertThat(followed.out()).contains("SAY " + FakeCodexScript.MESSAGE).contains("done slow");
      }
      assertThat(owner.await(LIMIT).exitCode()).isZero();
    }
  }

  @Test
  void anUnknownNameIsAUsageErrorThatListsTheTasksAndTheClosestOne() throws IOException {
    Path tasks = tmp.resolve("tasks.yaml");
    Files.writeString(
        tasks,
        "tasks:\n  - {name: build, cwd: ., prompt: 'FAKE: ok'}\n"
            + "  - {name: review, cwd: ., prompt: 'FAKE: ok'}\n");
    Path run = tmp.resolve("run");
    assertThat(cli("run", tasks.toString(), "--dir", run.toString()).exitCode()).isZero();
    Launcher.Result r = cli("tail", "reveiw", "--dir", run.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err())
        .contains("has no task 'reveiw'; did you mean 'review'?")
        .contains("(its tasks: build, review)");
  }

  private Launcher.Result cli(String... args) {
    return Launcher.run(tmp, env(), LIMIT, args);
  }

  private static Map<String, String> env() {
    return Map.of("CODEX_BIN", FakeCodexScript.path().toString());
  }

  private static String statusOf(Path run, String task) throws IOException {
    Path meta = run.resolve("logs/" + task + ".meta.json");
    return Files.exists(meta) ? JSON.readTree(meta.toFile()).path("status").asText() : "";
  }
}
