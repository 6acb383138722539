package dev.codexpar.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codexpar.model.VerifyRound;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real {@code /bin/sh} children. */
class VerifyRunnerTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService io = Executors.newCachedThreadPool();
  private final VerifyRunner runner =
      new VerifyRunner(new ProcessTree(timer), timer, io, Clock.systemUTC());

  @AfterEach
  void stop() {
    timer.shutdownNow();
    io.shutdownNow();
  }

  private VerifyRound run(String command, Duration timeout) throws Exception {
    return runner
        .start(command, dir, Map.of(), timeout, 1)
        .result()
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void aPassingCommandRunsThroughTheShellInTheTaskFolder() throws Exception {
    Files.writeString(dir.resolve("marker.txt"), "here");

    VerifyRound round = run("cat marker.txt && echo \" $((1 + 1))\" >&2", Duration.ofSeconds(10));

    assertThat(round.passed()).isTrue();
    assertThat(round.exitCode()).isZero();
    assertThat(round.timedOut()).isFalse();
    assertThat(round.round()).isEqualTo(1);
    assertThat(round.outputTail()).isEqualTo("here 2\n");
    assertThat(round.endedAt()).isAfterOrEqualTo(round.startedAt());
  }

  @Test
  void aFailingCommandGivesItsExitCodeAndOutput() throws Exception {
    VerifyRound round = run("echo 'FAILED: 2 tests'; exit 3", Duration.ofSeconds(10));

    assertThat(round.passed()).isFalse();
    assertThat(round.exitCode()).isEqualTo(3);
    assertThat(round.outputTail()).isEqualTo("FAILED: 2 tests\n");
  }

  @Test
  void stdinIsClosed() throws Exception {
    // cat with an open stdin would wait until the timeout
    VerifyRound round = run("cat; echo read-all", Duration.ofSeconds(10));

    assertThat(round.timedOut()).isFalse();
    assertThat(round.outputTail()).isEqualTo("read-all\n");
  }

  @Test
  void onlyTheEndOfALongOutputIsKept() throws Exception {
    VerifyRound round =
        run(
            "i=0; while [ $i -lt 5000 ]; do echo \"line $i of the output\"; i=$((i + 1)); done",
            Duration.ofSeconds(20));

    assertThat(round.outputTail().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(VerifyRunner.TAIL_BYTES);
    assertThat(round.outputTail()).endsWith("line 4999 of the output\n");
    assertThat(round.outputTail()).doesNotContain("line 0 of");
  }

  @Test
  void aTimeoutStopsTheWholeTree() throws Exception {
    Path pidFile = dir.resolve("grandchild.pid");
    VerifyRunner.Running running =
        runner.start(
            "sleep 300 & echo $! > grandchild.pid; echo started; wait",
            dir,
            Map.of(),
            Duration.ofMillis(700),
            2);
    await().atMost(WAIT).until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);
    long grandchild = Long.parseLong(Files.readString(pidFile).strip());

    VerifyRound round = running.result().get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(round.timedOut()).isTrue();
    assertThat(round.passed()).isFalse();
    assertThat(round.round()).isEqualTo(2);
    assertThat(round.outputTail()).isEqualTo("started\n");
    assertThat(ProcessHandle.of(grandchild).filter(Liveness::running)).isEmpty();
  }

  @Test
  void cancelStopsTheCommand() throws IOException {
    VerifyRunner.Running running =
        runner.start("echo going; sleep 300", dir, Map.of(), Duration.ofMinutes(5), 1);

    running.cancel().join();

    VerifyRound round = running.result().join();
    assertThat(round.timedOut()).isFalse();
    assertThat(round.passed()).isFalse();
    assertThat(ProcessHandle.of(running.pid()).filter(Liveness::running)).isEmpty();
  }

  @Test
  void theGivenEnvironmentIsAdded() throws Exception {
    VerifyRound round =
        runner
            .start(
                "echo \"$VERIFY_ROUND_TEST\"",
                dir,
                Map.of("VERIFY_ROUND_TEST", "x1"),
                Duration.ofSeconds(10),
                1)
            .result()
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(round.outputTail()).isEqualTo("x1\n");
  }
}
