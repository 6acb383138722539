package dev.codexpar.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codexpar.codex.CodexCapabilities;
import dev.codexpar.codex.CodexLocator;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.RunStatus;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.plan.Plan;
import dev.codexpar.plan.PlanLoader;
import dev.codexpar.process.Liveness;
import dev.codexpar.store.Json;
import dev.codexpar.store.RunFolder;
import dev.codexpar.testing.FakeCodexScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine against the fake codex: every fault the real one cannot be made to produce. */
class RunFaultsTest {
  private static final Duration LIMIT = Duration.ofSeconds(60);

  @TempDir Path tmp;
  private RunRegistry registry;
  private Path codex;
  private CodexCapabilities caps;

  @BeforeEach
  void setUp() {
    registry = new RunRegistry();
    codex = FakeCodexScript.path();
    caps = CodexLocator.probe(codex);
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  @Test
  void timeoutKillsATreeThatIgnoresSigtermGrandchildIncluded() throws IOException {
    Run run = start(tasks("- {name: stuck, prompt: 'FAKE: ignore-term', timeout: 1s}"), false);
    long grandchild = grandchildOf(run, "stuck");

    RunSnapshot last = run.completion().await().atMost(LIMIT);

    TaskSnapshot stuck = task(last, "stuck");
    assertThat(stuck.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(stuck.error()).isEqualTo("timed out after 1s");
    // Final only after the tree is gone: nothing of it is alive once the status says so.
    assertThat(ProcessHandle.of(grandchild).filter(Liveness::running)).isEmpty();
    assertThat(ProcessHandle.of(stuck.pid()).filter(Liveness::running)).isEmpty();
    assertThat(meta(run, "stuck").path("status").asText()).isEqualTo("failed");
  }

  /**
   * Specs and metas are written off the start path, on the meta writer's thread: a file that cannot
   * be written there is reported, and neither stops the other files nor the run.
   */
  @Test
  void aSpecThatCannotBeWrittenStopsNeitherTheOtherFilesNorTheRun() throws IOException {
    RunOptions dynamic = new RunOptions(4, true, true, codex, Map.of(), Duration.ofMillis(500));
    Run run = registry.start(Plan.of(List.of()), tmp.resolve("run"), dynamic, caps, t -> {});
    Path blocked = run.dir().resolve("logs/w1.spec.json"); // a folder where the spec goes
    Files.createDirectories(blocked.resolve("in-the-way"));
    run.dispatch(dispatchOf(run, 2, "FAKE: ok"));
    run.seal();

    RunSnapshot last = run.completion().await().atMost(LIMIT);

    assertThat(last.tasks()).allMatch(t -> t.status() == TaskStatus.DONE);
    assertThat(blocked).isDirectory();
    assertThat(new RunFolder(run.dir()).readSpec("w2")).isPresent();
    assertThat(meta(run, "w1").path("status").asText()).isEqualTo("done");
  }

  /**
   * A run meta that cannot be written (a full disk) undoes no dispatch and no seal: the tasks are
   * in the run and run, the seal holds and the run ends; nothing throws half done.
   */
  @Test
  void dispatchAndSealHappenWholeWhenTheRunMetaCannotBeWritten() throws IOException {
    RunOptions dynamic = new RunOptions(4, true, true, codex, Map.of(), Duration.ofMillis(500));
    Run run = registry.start(Plan.of(List.of()), tmp.resolve("run"), dynamic, caps, t -> {});
    Path runMeta = run.dir().resolve("run.meta.json");
    Files.delete(runMeta);
    Files.createDirectories(runMeta.resolve("in-the-way")); // no write can replace it now

    run.dispatch(dispatchOf(run, 2, "FAKE: ok"));
    assertThat(run.taskNames()).containsExactly("w1", "w2");
    assertThat(run.seal().sealed()).isTrue();

    RunSnapshot last = run.completion().await().atMost(LIMIT);
    assertThat(last.tasks()).extracting(TaskSnapshot::status).containsOnly(TaskStatus.DONE);
    assertThat(runMeta).isDirectory();
  }

  /**
   * A child's exit ends its task even while an escaped grandchild holds its pipes open: the pumps
   * see no end of output, so the exit must come from the process itself.
   */
  @Test
  void aChildThatExitsWhileAGrandchildHoldsItsPipesEndsItsTask() throws IOException {
    Run run = start(tasks("- {name: escaped, prompt: 'FAKE: escaped-pipe'}"), false);
    long grandchild = grandchildOf(run, "escaped");
    try {
      RunSnapshot last = run.completion().await().atMost(LIMIT);

      assertThat(task(last, "escaped").status()).isEqualTo(TaskStatus.DONE);
      assertThat(ProcessHandle.of(grandchild).filter(Liveness::running))
          .as("the grandchild still holds the pipes")
          .isPresent();
    } finally {
      ProcessHandle.of(grandchild).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  /**
   * The child starts before its logs open (they are off the start's critical path): when a log
   * cannot be opened the task fails, and the child, which never got its input (or it would sleep
   * for ten minutes), is killed, not left waiting on its stdin.
   */
  @Test
  void aTaskWhoseLogCannotBeOpenedFailsAndLeavesNoChildBehind() throws IOException {
    RunOptions dynamic = new RunOptions(4, true, true, codex, Map.of(), Duration.ofMillis(500));
    Run run = registry.start(Plan.of(List.of()), tmp.resolve("run"), dynamic, caps, t -> {});
    Files.createDirectories(run.dir().resolve("logs/w1.jsonl")); // a folder where the log goes
    run.dispatch(dispatchOf(run, 1, "FAKE: sleep=600"));
    run.seal();

    RunSnapshot last = run.completion().await().atMost(LIMIT);

    TaskSnapshot blocked = task(last, "w1");
    assertThat(blocked.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(blocked.error()).startsWith("cannot start codex: ").contains("w1.jsonl");
    String output = run.dir().resolve("outputs/w1.md").toString();
    await()
        .atMost(LIMIT)
        .untilAsserted(
            () ->
                assertThat(ProcessHandle.current().descendants())
                    .filteredOn(p -> p.info().commandLine().orElse("").contains(output))
                    .filteredOn(Liveness::running)
                    .isEmpty());
  }

  @Test
  void cancellingOneTaskKillsItsTreeAndSkipsItsDependants() throws IOException {
    Run run =
        start(
            tasks(
                "- {name: stuck, prompt: 'FAKE: ignore-term'}",
                "- {name: after, prompt: p, depends_on: [stuck]}",
                "- {name: free, prompt: 'FAKE: ok'}"),
            true);
    long grandchild = grandchildOf(run, "stuck");

    assertThat(run.cancelTask("stuck", "cancelled by test")).isEqualTo(TaskStatus.RUNNING);
    RunSnapshot last = run.completion().await().atMost(LIMIT);

    assertThat(task(last, "stuck").status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(task(last, "stuck").error()).isEqualTo("cancelled by test");
    assertThat(ProcessHandle.of(grandchild).filter(Liveness::running)).isEmpty();
    assertThat(task(last, "after").status()).isEqualTo(TaskStatus.SKIPPED);
    assertThat(task(last, "after").error()).isEqualTo("dependency 'stuck' cancelled");
    assertThat(task(last, "free").status()).isEqualTo(TaskStatus.DONE);
    assertThatThrownBy(() -> run.cancelTask("nope", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no task 'nope'");
  }

  /**
   * A client that sees a run over may at once resume it or start another run in its folder: the run
   * must read over only once it is (metas final, folder released), not as its last task ends.
   */
  @Test
  void aRunReadsOverOnlyOnceItHasReleasedItsFolder() throws IOException {
    Run run =
        start(
            tasks("- {name: one, prompt: 'FAKE: ok'}", "- {name: two, prompt: 'FAKE: exit1'}"),
            true);
    List<RunSnapshot> overButLive = new ArrayList<>();
    RunSnapshot seen = run.snapshot();
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (seen.live() && System.nanoTime() < deadline) {
      if (seen.status() != RunStatus.RUNNING) {
        overButLive.add(seen);
      }
      seen = run.snapshot(); // every state of the ending, as a polling client would see it
    }
    assertThat(overButLive).isEmpty();
    assertThat(seen.live()).as("the run ended within " + LIMIT).isFalse();
    assertThat(seen.status()).isEqualTo(RunStatus.FAILED);
    assertThat(new RunFolder(run.dir()).isLive()).isFalse();
  }

  @Test
  void exitWithoutEventsNamesTheExitCodeAndTheLastStderrLine() throws IOException {
    RunSnapshot last = finish(tasks("- {name: crash, prompt: 'FAKE: exit1'}"), false);
    TaskSnapshot crash = task(last, "crash");
    assertThat(crash.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(crash.exitCode()).isEqualTo(1);
    assertThat(crash.error()).isEqualTo("codex exited 1: fake codex: error: told to exit 1");
    assertThat(last.status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void turnFailedMessageIsTheError() throws IOException {
    TaskSnapshot t = task(finish(tasks("- {name: f, prompt: 'FAKE: fail'}"), false), "f");
    assertThat(t.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(t.error()).isEqualTo(FakeCodexScript.FAIL_MESSAGE);
  }

  @Test
  void nonJsonAndHugeLinesNeitherBreakTheTaskNorGetLost() throws IOException {
    Run run = start(tasks("- {name: g, prompt: 'FAKE: garbage'}"), false);
    TaskSnapshot g = task(run.completion().await().atMost(LIMIT), "g");
    assertThat(g.status()).isEqualTo(TaskStatus.DONE);
    assertThat(g.figures().commands()).isEqualTo(1);
    assertThat(g.figures().inputTokens()).isEqualTo(2400);
    assertThat(Files.readString(run.dir().resolve("outputs/g.md")))
        .isEqualTo(FakeCodexScript.MESSAGE);
    // The raw log keeps every line, the 5 MiB one included.
    assertThat(Files.size(run.dir().resolve("logs/g.jsonl"))).isGreaterThan(5L * 1024 * 1024);
    assertThat(Files.readString(run.dir().resolve("logs/g.jsonl")))
        .contains("this line is not JSON");
  }

  @Test
  void aFloodOfStderrIsDrainedWhileEventsFlow() throws IOException {
    Run run = start(tasks("- {name: loud, prompt: 'FAKE: stderr-flood'}"), false);
    TaskSnapshot loud = task(run.completion().await().atMost(LIMIT), "loud");
    assertThat(loud.status()).isEqualTo(TaskStatus.DONE);
    assertThat(loud.figures().events()).isGreaterThanOrEqualTo(20);
    assertThat(Files.size(run.dir().resolve("logs/loud.stderr.log")))
        .isGreaterThanOrEqualTo(20L * 1024 * 1024);
  }

  @Test
  void whenCodexWritesNoOutputFileTheLastAgentMessageIsTheOutput() throws IOException {
    Run run = start(tasks("- {name: quiet, prompt: 'FAKE: no-output'}"), false);
    TaskSnapshot quiet = task(run.completion().await().atMost(LIMIT), "quiet");
    assertThat(quiet.status()).isEqualTo(TaskStatus.DONE);
    assertThat(run.dir().resolve("outputs/quiet.md")).hasContent(FakeCodexScript.MESSAGE);
  }

  @Test
  void legacySchemaOfOldCodexIsCounted() throws IOException {
    TaskSnapshot t = task(finish(tasks("- {name: old, prompt: 'FAKE: legacy'}"), false), "old");
    assertThat(t.status()).isEqualTo(TaskStatus.DONE);
    assertThat(t.figures().inputTokens()).isEqualTo(2600);
    assertThat(t.figures().cachedInputTokens()).isEqualTo(1300);
    assertThat(t.figures().outputTokens()).isEqualTo(80);
    assertThat(t.figures().commands()).isEqualTo(1);
  }

  @Test
  void legacyErrorFailsTheTaskEvenThoughOldCodexExitsZero() throws IOException {
    TaskSnapshot t =
        task(finish(tasks("- {name: old, prompt: 'FAKE: legacy-error'}"), false), "old");
    assertThat(t.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(t.exitCode()).isZero();
    assertThat(t.error()).contains("unexpected status 500");
  }

  @Test
  void byDefaultAFailureStartsNothingNewAndSaysWhy() throws IOException {
    RunSnapshot last =
        finish(
            tasks(
                "- {name: bad, prompt: 'FAKE: fail'}",
                "- {name: queued, prompt: 'FAKE: ok'}",
                "- {name: dependant, prompt: p, depends_on: [bad]}"),
            false,
            1);
    assertThat(task(last, "bad").status()).isEqualTo(TaskStatus.FAILED);
    assertThat(task(last, "queued").status()).isEqualTo(TaskStatus.SKIPPED);
    assertThat(task(last, "queued").error()).isEqualTo("not started: task 'bad' failed");
    assertThat(task(last, "dependant").status()).isEqualTo(TaskStatus.SKIPPED);
  }

  @Test
  void keepGoingSkipsOnlyTheDependantsOfAFailure() throws IOException {
    RunSnapshot last =
        finish(
            tasks(
                "- {name: bad, prompt: 'FAKE: fail'}",
                "- {name: queued, prompt: 'FAKE: ok'}",
                "- {name: dependant, prompt: p, depends_on: [bad]}",
                "- {name: grandchild, prompt: p, depends_on: [dependant]}"),
            true,
            1);
    assertThat(task(last, "queued").status()).isEqualTo(TaskStatus.DONE);
    assertThat(task(last, "dependant").status()).isEqualTo(TaskStatus.SKIPPED);
    assertThat(task(last, "dependant").error()).isEqualTo("dependency 'bad' failed");
    assertThat(task(last, "grandchild").status()).isEqualTo(TaskStatus.SKIPPED);
  }

  /** The skip cascade repeats its pass: a dependant may be listed before its dependency. */
  @Test
  void keepGoingSkipsDependantsListedBeforeTheirDependency() throws IOException {
    Run run =
        start(
            tasks(
                "- {name: grandchild, prompt: p, depends_on: [dependant]}",
                "- {name: dependant, prompt: p, depends_on: [bad]}",
                "- {name: bad, prompt: 'FAKE: fail'}"),
            true);
    RunSnapshot last = run.completion().await().atMost(Duration.ofSeconds(20));
    assertThat(task(last, "bad").status()).isEqualTo(TaskStatus.FAILED);
    assertThat(task(last, "dependant").error()).isEqualTo("dependency 'bad' failed");
    assertThat(task(last, "grandchild").status()).isEqualTo(TaskStatus.SKIPPED);
    assertThat(task(last, "grandchild").error()).isEqualTo("dependency 'dependant' skipped");
  }

  /** Done tasks' durations go to the history file; the next run orders its ready tasks by it. */
  @Test
  void aRunKeepsItsDoneTasksDurationsInTheHistory() throws IOException {
    Path file = tmp.resolve(dev.codexpar.store.DurationHistory.FILE_NAME);
    Plan plan = tasks("- {name: quick, prompt: 'FAKE: ok'}", "- {name: bad, prompt: 'FAKE: fail'}");
    RunOptions options =
        new RunOptions(2, true, false, codex, Map.of(), Duration.ofMillis(500))
            .withDurationHistory(file);
    RunSnapshot last =
        registry
            .start(plan, tmp.resolve("run"), options, caps, t -> {})
            .completion()
            .await()
            .atMost(LIMIT);

    Map<String, Duration> estimates = new dev.codexpar.store.DurationHistory(file).estimates();
    String quick = dev.codexpar.store.DurationHistory.key("quick", plan.tasks().get(0).prompt());
    assertThat(estimates).containsOnlyKeys(quick); // a failed task's time says nothing
    assertThat(estimates.get(quick))
        .isEqualTo(
            task(last, "quick")
                .duration(last.endedAt())
                .truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  }

  @Test
  void aMissingBinaryFailsTheTaskWithAClearError() throws IOException {
    Plan plan = tasks("- {name: t, prompt: p}");
    RunOptions options =
        new RunOptions(
            2, false, false, tmp.resolve("no-such-codex"), Map.of(), Duration.ofMillis(300));
    Run run = registry.start(plan, tmp.resolve("run"), options, caps, t -> {});
    TaskSnapshot t = task(run.completion().await().atMost(LIMIT), "t");
    assertThat(t.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(t.error()).startsWith("cannot start codex: ").contains("no-such-codex");
  }

  @Test
  void cancelledRunFinalizesEveryMetaFile() throws IOException {
    Run run =
        start(
            tasks(
                "- {name: s1, prompt: 'FAKE: sleep=30'}",
                "- {name: s2, prompt: 'FAKE: ignore-term'}",
                "- {name: later, prompt: p, depends_on: [s1]}"),
            false);
    await().atMost(LIMIT).until(() -> running(run) == 2);
    RunSnapshot last = run.cancel("cancelled: test").await().atMost(LIMIT);
    assertThat(last.tasks()).allMatch(t -> t.status() == TaskStatus.CANCELLED);
    for (String name : List.of("s1", "s2", "later")) {
      assertThat(meta(run, name).path("status").asText()).isEqualTo("cancelled");
    }
    JsonNode runMeta = Json.MAPPER.readTree(run.dir().resolve("run.meta.json").toFile());
    assertThat(runMeta.path("status").asText()).isEqualTo("cancelled");
    assertThat(runMeta.path("ended_at").isNull()).isFalse();
  }

  @Test
  void dynamicDispatchAcceptsABatchInAnyOrder() throws IOException {
    Plan plan = tasks("- {name: first, prompt: 'FAKE: ok'}");
    RunOptions options = new RunOptions(4, false, true, codex, Map.of(), Duration.ofMillis(300));
    Run run = registry.start(plan, tmp.resolve("run"), options, caps, t -> {});
    List<dev.codexpar.model.TaskSpec> batch =
        new PlanLoader()
            .parseDispatch(
                "tasks:\n"
                    + "  - {name: c, cwd: ., prompt: p, depends_on: [d]}\n"
                    + "  - {name: d, cwd: ., prompt: p, depends_on: [first]}\n",
                tmp,
                "dispatch",
                caps,
                java.util.Set.copyOf(run.taskNames()));
    run.dispatch(batch);
    run.seal();
    RunSnapshot last = run.completion().await().atMost(LIMIT);
    assertThat(task(last, "d").wave()).isEqualTo(1);
    assertThat(task(last, "c").wave()).isEqualTo(2);
    assertThat(last.tasks()).allMatch(t -> t.status() == TaskStatus.DONE);
  }

  @Test
  void aRetryThatGivesUpKeepsEveryAttemptAndItsError() throws IOException {
    Run run =
        start(
            tasks("- {name: crash, prompt: 'FAKE: exit1', retries: 2, retry_delay: 50ms}"), false);
    TaskSnapshot crash = task(run.completion().await().atMost(LIMIT), "crash");

    assertThat(crash.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(crash.attempts()).isEqualTo(3);
    assertThat(crash.attemptErrors())
        .containsExactly(
            "attempt 1 (startup): codex exited 1: fake codex: error: told to exit 1",
            "attempt 2 (startup): codex exited 1: fake codex: error: told to exit 1");
    assertThat(crash.error()).isEqualTo("codex exited 1: fake codex: error: told to exit 1");
    assertThat(run.dir().resolve("logs/crash.attempt-1.stderr.log")).content().contains("exit 1");
    assertThat(run.dir().resolve("logs/crash.attempt-2.stderr.log")).exists();
    assertThat(run.dir().resolve("logs/crash.stderr.log")).exists();
    JsonNode meta = meta(run, "crash");
    assertThat(meta.path("attempts").asInt()).isEqualTo(3);
    assertThat(meta.path("attempt_errors").size()).isEqualTo(2);
  }

  @Test
  void aTaskThatFailedOnItsOwnMeritsOrTimedOutIsNotRetriedUnlessAsked() throws IOException {
    RunSnapshot last =
        finish(
            tasks(
                "- {name: refused, prompt: 'FAKE: fail', retries: 3, retry_delay: 10ms}",
                "- {name: slow, prompt: 'FAKE: sleep=30', timeout: 300ms, retries: 3}",
                "- {name: asked, prompt: 'FAKE: sleep=30', timeout: 300ms, retries: 1,"
                    + " retry_on: [timeout], retry_delay: 10ms}"),
            true);
    assertThat(task(last, "refused").attempts()).isEqualTo(1);
    assertThat(task(last, "refused").status()).isEqualTo(TaskStatus.FAILED);
    assertThat(task(last, "slow").attempts()).isEqualTo(1);
    assertThat(task(last, "asked").attempts()).isEqualTo(2);
    assertThat(task(last, "asked").attemptErrors())
        .containsExactly("attempt 1 (timeout): timed out after 300ms");
  }

  @Test
  void aRateLimitHalvesTheSlotsWhileTheThrottleWindowLasts() throws IOException {
    // A window longer than the test: every task dispatched after the 429 runs inside it.
    Run run = rateLimitedThenDynamic(Duration.ofMinutes(10));

    run.dispatch(dispatchOf(run, 4, "FAKE: sleep=1"));
    run.seal();
    RunSnapshot last = run.completion().await().atMost(LIMIT);

    List<TaskSnapshot> batch = last.tasks().stream().filter(t -> t.name().startsWith("w")).toList();
    assertThat(batch).hasSize(4).allMatch(t -> t.status() == TaskStatus.DONE);
    // max_parallel 4 halved: two at once (so two waited), never more.
    assertThat(mostAtOnce(batch)).isEqualTo(2);
  }

  @Test
  void afterTheThrottleWindowTheSlotsAreBackToMaxParallel() throws IOException {
    Duration window = Duration.ofSeconds(1);
    Run run = rateLimitedThenDynamic(window);
    Instant windowEndsNoSoonerThan = task(run.snapshot(), "limited").startedAt().plus(window);

    run.dispatch(dispatchOf(run, 4, "FAKE: sleep=30"));
    await().atMost(LIMIT).until(() -> running(run) == 4);

    List<Instant> starts =
        run.snapshot().tasks().stream()
            .filter(t -> t.name().startsWith("w"))
            .map(TaskSnapshot::startedAt)
            .sorted()
            .toList();
    // None of the four ends, so a third one running means the window was over: the throttle
    // (set when the first attempt failed, after it started) held it back until then.
    assertThat(starts.get(2)).isAfterOrEqualTo(windowEndsNoSoonerThan);
    run.cancel("cancelled: test over").await().atMost(LIMIT);
  }

  @Test
  void consecutiveStartsAreAtLeastTheStartGapApart() throws IOException {
    Duration gap = Duration.ofMillis(200);
    RunOptions options =
        new RunOptions(4, false, false, codex, Map.of(), Duration.ofMillis(500)).withStartGap(gap);
    Plan plan =
        tasks(
            "- {name: a, prompt: 'FAKE: ok'}",
            "- {name: b, prompt: 'FAKE: ok'}",
            "- {name: c, prompt: 'FAKE: ok'}",
            "- {name: d, prompt: 'FAKE: ok'}");
    Run run = registry.start(plan, tmp.resolve("run"), options, caps, t -> {});
    RunSnapshot last = run.completion().await().atMost(LIMIT);

    assertThat(last.tasks()).allMatch(t -> t.status() == TaskStatus.DONE);
    List<Instant> starts = last.tasks().stream().map(TaskSnapshot::startedAt).sorted().toList();
    for (int i = 1; i < starts.size(); i++) {
      assertThat(Duration.between(starts.get(i - 1), starts.get(i)))
          .as("start %d to start %d", i, i + 1)
          .isGreaterThanOrEqualTo(gap);
    }
  }

  /**
   * A dynamic run (max_parallel 4, keep going) whose first task failed once with a rate limit and
   * then succeeded on its retry: the run is in the throttle window that failure opened.
   */
  private Run rateLimitedThenDynamic(Duration throttleFor) throws IOException {
    RunOptions options =
        new RunOptions(
            4,
            true,
            true,
            codex,
            Map.of(),
            Duration.ofMillis(500),
            RunOptions.DEFAULT_START_GAP,
            throttleFor);
    Plan plan =
        tasks("- {name: limited, prompt: 'FAKE: rate-limit-once', retries: 1, retry_delay: 10ms}");
    Run run = registry.start(plan, tmp.resolve("run"), options, caps, t -> {});
    await().atMost(LIMIT).until(() -> task(run.snapshot(), "limited").status().isFinal());
    TaskSnapshot limited = task(run.snapshot(), "limited");
    assertThat(limited.status()).isEqualTo(TaskStatus.DONE);
    assertThat(limited.attemptErrors())
        .containsExactly("attempt 1 (rate_limit): " + FakeCodexScript.RATE_LIMIT_MESSAGE);
    return run;
  }

  /** Tasks w1..wN with this prompt, for {@link Run#dispatch}. */
  private List<TaskSpec> dispatchOf(Run run, int count, String prompt) throws IOException {
    StringBuilder yaml = new StringBuilder("tasks:\n");
    for (int i = 1; i <= count; i++) {
      yaml.append("  - {name: w").append(i).append(", cwd: ., prompt: '").append(prompt);
      yaml.append("'}\n");
    }
    return new PlanLoader()
        .parseDispatch(yaml.toString(), tmp, "dispatch", caps, Set.copyOf(run.taskNames()));
  }

  /** The most of these tasks that were running at one instant, by their start and end times. */
  private static long mostAtOnce(List<TaskSnapshot> tasks) {
    return tasks.stream()
        .mapToLong(
            t ->
                tasks.stream()
                    .filter(o -> !o.startedAt().isAfter(t.startedAt()))
                    .filter(o -> o.endedAt().isAfter(t.startedAt()))
                    .count())
        .max()
        .orElse(0);
  }

  private Plan tasks(String... lines) throws IOException {
    StringBuilder yaml = new StringBuilder("defaults: {cwd: ., sandbox: read-only}\ntasks:\n");
    for (String line : lines) {
      yaml.append("  ").append(line).append('\n');
    }
    return new PlanLoader().parse(yaml.toString(), tmp, "tasks.yaml", caps);
  }

  private Run start(Plan plan, boolean keepGoing) {
    return start(plan, keepGoing, 4);
  }

  private Run start(Plan plan, boolean keepGoing, int maxParallel) {
    RunOptions options =
        new RunOptions(maxParallel, keepGoing, false, codex, Map.of(), Duration.ofMillis(500));
    return registry.start(plan, tmp.resolve("run"), options, caps, t -> {});
  }

  private RunSnapshot finish(Plan plan, boolean keepGoing) {
    return start(plan, keepGoing).completion().await().atMost(LIMIT);
  }

  private RunSnapshot finish(Plan plan, boolean keepGoing, int maxParallel) {
    return start(plan, keepGoing, maxParallel).completion().await().atMost(LIMIT);
  }

  private static long running(Run run) {
    return run.snapshot().tasks().stream().filter(t -> t.status() == TaskStatus.RUNNING).count();
  }

  /** The pid of the grandchild the fake codex reports in its event log. */
  private static long grandchildOf(Run run, String task) {
    Path log = run.dir().resolve("logs/" + task + ".jsonl");
    return await()
        .atMost(LIMIT)
        .until(
            () -> grandchildLine(log).map(n -> n.path("pid").asLong()).orElse(0L), pid -> pid > 0);
  }

  private static Optional<JsonNode> grandchildLine(Path log) throws IOException {
    if (!Files.exists(log)) {
      return Optional.empty();
    }
    for (String line : Files.readAllLines(log)) {
      if (line.contains("fake.grandchild")) {
        return Optional.of(Json.MAPPER.readTree(line));
      }
    }
    return Optional.empty();
  }

  private static TaskSnapshot task(RunSnapshot run, String name) {
    return run.tasks().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  private static JsonNode meta(Run run, String task) throws IOException {
    return Json.MAPPER.readTree(run.dir().resolve("logs/" + task + ".meta.json").toFile());
  }
}
