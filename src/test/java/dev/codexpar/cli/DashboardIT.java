package dev.codexpar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.codexpar.testing.FakeCodexScript;
import dev.codexpar.testing.Launcher;
import dev.codexpar.testing.Tmux;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --dashboard} and {@code status -w} under a real pseudo-terminal (tmux), with the fake
 * codex: frames redrawn in place, colours only where allowed, the summary at the end; and the same
 * run piped, which must stay the plain log.
 */
class DashboardIT {
  private static final Duration LIMIT = Duration.ofMinutes(2);
  private static final String EXIT = "codex-par-exit=";
  private static final Pattern ESCAPE = Pattern.compile("\u001b\\[[0-9;]*m");

  @TempDir Path tmp;
  private Tmux tmux;
  private Path tasks;

  @BeforeEach
  void smallDag() throws IOException {
    tasks = tmp.resolve("tasks.yaml");
    Files.writeString(
        tasks,
        """
        tasks:
          - {name: slow, cwd: ., prompt: 'FAKE: sleep=4'}
          - {name: broken, cwd: ., prompt: 'FAKE: fail'}
          - {name: after_slow, cwd: ., prompt: 'FAKE: ok', depends_on: [slow]}
        """);
  }

  @AfterEach
  void killTmux() {
    if (tmux != null) {
      tmux.close();
    }
  }

  @Test
  void runDashboardRedrawsOneFrameInPlaceAndEndsWithTheSummary() {
    assumeTrue(Tmux.available(), "tmux is not installed: the pseudo-terminal test needs it");
    Path run = tmp.resolve("run");
    tmux =
        inTerminal(
            Map.of(),
            "run",
            tasks.toString(),
            "--dir",
            run.toString(),
            "--dashboard",
            "--keep-going");

    await()
        .atMost(LIMIT)
        .until(() -> tmux.screen().contains("> slow") && tmux.screen().contains("X broken"));
    String live = tmux.screen();
    assertThat(live)
        .contains("CODEX-PAR |")
        .contains("-- Wave 0 (0/2 done)")
        .contains("running")
        .contains("error: " + FakeCodexScript.FAIL_MESSAGE)
        .contains("Ctrl+C cancels the run");
    assertThat(tmux.screenWithEscapes()).containsPattern(ESCAPE);

    await().atMost(LIMIT).until(() -> tmux.screen().contains(EXIT));
    String end = tmux.screen();
    assertThat(exitCode(end)).as(end).isEqualTo(1);
    assertThat(occurrences(end, "CODEX-PAR |")).as("one frame, redrawn in place:\n" + end).isOne();
    assertThat(end)
        .contains("+ slow")
        .contains("+ after_slow")
        .contains("X broken")
        .doesNotContain("Ctrl+C cancels the run")
        .contains("failed in ")
        .contains("2/3 done, 0 running, 1 failed")
        .contains("slowest: slow")
        .contains(
            "failed broken: "
                + FakeCodexScript.FAIL_MESSAGE
                + "; stderr: "
                + run.resolve("logs/broken.stderr.log"))
        .doesNotContain("start     slow"); // the plain log is not mixed into the dashboard
  }

  /**
   * Every row ends with its own line break and leaves the last column free: a row written to the
   * last column and the summary's long lines left to the terminal's wrap were kept by the terminal
   * as one long line (an 80-column tmux joined ten frame rows into one of 800 characters).
   */
  @Test
  void noRowOfTheFrameOrTheSummaryIsLeftToTheTerminalsWrap() {
    assumeTrue(Tmux.available(), "tmux is not installed: the pseudo-terminal test needs it");
    Path run = tmp.resolve("run");
    tmux =
        inTerminal(
            80,
            30,
            Map.of(),
            "run",
            tasks.toString(),
            "--dir",
            run.toString(),
            "--dashboard",
            "--keep-going");
    await().atMost(LIMIT).until(() -> tmux.screen().contains("> slow"));
    assertRowsEachEndWithALineBreak(tmux.screen(), 80);

    await().atMost(LIMIT).until(() -> tmux.screen().contains(EXIT));
    String end = tmux.screen();
    assertRowsEachEndWithALineBreak(end, 80);
    assertThat(end).contains("slowest: slow").contains("2/3 done, 0 running, 1 failed");
    assertThat(occurrences(end, "CODEX-PAR |")).as(end).isOne();
  }

  /** {@code screen} with wrapped rows joined ({@code capture-pane -J}): no line is wider. */
  private static void assertRowsEachEndWithALineBreak(String screen, int columns) {
    assertThat(screen.lines().toList())
        .as(screen)
        .allSatisfy(line -> assertThat(line.stripTrailing().length()).isLessThan(columns));
  }

  @Test
  void theFrameFollowsATerminalResize() {
    assumeTrue(Tmux.available(), "tmux is not installed: the pseudo-terminal test needs it");
    tmux =
        inTerminal(
            Map.of(),
            "run",
            tasks.toString(),
            "--dir",
            tmp.resolve("run").toString(),
            "--dashboard",
            "--keep-going");
    // the frame leaves the last column free (see the test above)
    await().atMost(LIMIT).until(() -> waveRule(tmux.rows()) == 119);
    tmux.resize(64, 30);
    await().atMost(LIMIT).until(() -> waveRule(tmux.rows()) == 63);
    // the frame starts over on a clean screen: no row holds a leftover of the wide frame
    assertThat(tmux.rows().lines().toList())
        .anySatisfy(row -> assertThat(row).startsWith("CODEX-PAR | "))
        .allSatisfy(row -> assertThat(row.stripTrailing().length()).isLessThanOrEqualTo(64))
        .noneSatisfy(row -> assertThat(row).containsPattern(".+[>+X] (slow|broken) "));
    await().atMost(LIMIT).until(() -> tmux.screen().contains(EXIT));
  }

  @Test
  void noColorKeepsTheDashboardButDropsEveryColour() {
    assumeTrue(Tmux.available(), "tmux is not installed: the pseudo-terminal test needs it");
    tmux =
        inTerminal(
            Map.of("NO_COLOR", "1"),
            "run",
            tasks.toString(),
            "--dir",
            tmp.resolve("run").toString(),
            "--dashboard",
            "--keep-going");
    await().atMost(LIMIT).until(() -> tmux.screen().contains("> slow"));
    assertThat(tmux.screenWithEscapes()).contains("CODEX-PAR |").doesNotContainPattern(ESCAPE);
    await().atMost(LIMIT).until(() -> tmux.screen().contains(EXIT));
    assertThat(tmux.screenWithEscapes()).contains("slowest: slow").doesNotContainPattern(ESCAPE);
  }

  @Test
  void statusWatchFollowsARunOfAnotherProcessAndExitsWhenItEnds() throws IOException {
    assumeTrue(Tmux.available(), "tmux is not installed: the pseudo-terminal test needs it");
    // slower than the other tests: status -w must see the run live even on a busy machine
    Files.writeString(tasks, Files.readString(tasks).replace("sleep=4", "sleep=10"));
    Path run = tmp.resolve("run");
    try (Launcher owner =
        Launcher.start(
            tmp, env(), "run", tasks.toString(), "--dir", run.toString(), "--keep-going")) {
      await().atMost(LIMIT).until(() -> Files.exists(run.resolve("logs/slow.jsonl")));
      tmux = inTerminal(Map.of(), "status", "-w", "0.5", "--dir", run.toString());
      await().atMost(LIMIT).until(() -> tmux.screen().contains("> slow"));
      assertThat(tmux.screen()).contains("Ctrl+C stops watching");
      await().atMost(LIMIT).until(() -> tmux.screen().contains(EXIT));
      String end = tmux.screen();
      assertThat(exitCode(end)).as(end).isEqualTo(1);
      assertThat(occurrences(end, "CODEX-PAR |")).as(end).isOne();
      assertThat(end).contains("+ after_slow").contains("slowest: slow");
      assertThat(owner.await(LIMIT).exitCode()).isEqualTo(1);
    }
  }

  /**
   * Ctrl+C on a terminal reaches the codex children too (one process group), and a child may end of
   * it before codex-par's own handler cancels the run: the tasks still end cancelled, never failed.
   */
  @Test
  void ctrlCOnTheTerminalCancelsEveryTaskAndExits130() throws IOException {
    assumeTrue(Tmux.available(), "tmux is not installed: the pseudo-terminal test needs it");
    Files.writeString(
        tasks,
        """
        tasks:
          - {name: first, cwd: ., prompt: 'FAKE: sleep=60'}
          - {name: second, cwd: ., prompt: 'FAKE: sleep=60'}
          - {name: third, cwd: ., prompt: 'FAKE: ok', depends_on: [first]}
        """);
    Path run = tmp.resolve("run");
    tmux = inTerminal(Map.of(), "run", tasks.toString(), "--dir", run.toString());
    await()
        .atMost(LIMIT)
        .until(
            () ->
                tmux.screen().contains("start     first")
                    && tmux.screen().contains("start     second"));

    tmux.sendKeys("C-c");

    await().atMost(LIMIT).until(() -> tmux.screen().contains(EXIT));
    assertThat(exitCode(tmux.screen())).as(tmux.screen()).isEqualTo(130);
    Launcher.Result status =
        Launcher.run(tmp, env(), LIMIT, "status", "--dir", run.toString(), "--json");
    assertThat(status.out())
        .as(status.out())
        .contains("\"name\" : \"first\"")
        .doesNotContain("\"status\" : \"failed\"")
        .doesNotContain("\"status\" : \"skipped\"");
    com.fasterxml.jackson.databind.JsonNode json =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(status.out());
    assertThat(json.path("status").asText()).isEqualTo("cancelled");
    assertThat(json.path("tasks")).hasSize(3);
    json.path("tasks")
        .forEach(
            t -> assertThat(t.path("status").asText()).as(t.toString()).isEqualTo("cancelled"));
  }

  @Test
  void theSameRunPipedIsThePlainLogWithoutAnyEscapeCode() {
    Launcher.Result r =
        Launcher.run(
            tmp,
            env(),
            LIMIT,
            "run",
            tasks.toString(),
            "--dir",
            tmp.resolve("run").toString(),
            "--dashboard",
            "--keep-going");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.out())
        .doesNotContain("\u001b")
        .contains("start     slow (wave 0")
        .contains("failed    broken: " + FakeCodexScript.FAIL_MESSAGE)
        .contains("done      after_slow in ");
    Launcher.Result status =
        Launcher.run(tmp, env(), LIMIT, "status", "--dir", tmp.resolve("run").toString());
    assertThat(status.out()).doesNotContain("\u001b").contains("X broken").contains("+ slow");
  }

  private Tmux inTerminal(Map<String, String> extraEnv, String... args) {
    return inTerminal(120, 40, extraEnv, args);
  }

  private Tmux inTerminal(int columns, int rows, Map<String, String> extraEnv, String... args) {
    StringBuilder command = new StringBuilder(sh(Launcher.script().toString()));
    for (String arg : args) {
      command.append(' ').append(sh(arg));
    }
    // keep the pane (and its last screen) after codex-par exits, and show how it exited
    command.append("; echo ").append(EXIT).append("$?; exec sleep 600");
    Map<String, String> env = new HashMap<>(env());
    env.putAll(extraEnv);
    return Tmux.start(tmp, columns, rows, env, command.toString());
  }

  private static Map<String, String> env() {
    return Map.of("CODEX_BIN", FakeCodexScript.path().toString());
  }

  private static String sh(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private static int exitCode(String screen) {
    Matcher m = Pattern.compile(EXIT + "(\\d+)").matcher(screen);
    assertThat(m.find()).as(screen).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** The width of the first wave heading on the screen ({@code -- Wave 0 (...) ----}), or 0. */
  private static int waveRule(String screen) {
    return screen
        .lines()
        .filter(l -> l.startsWith("-- Wave 0"))
        .findFirst()
        .map(l -> l.stripTrailing().length())
        .orElse(0);
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
