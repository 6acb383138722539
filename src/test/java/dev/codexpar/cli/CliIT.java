package dev.codexpar.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexpar.process.Liveness;
import dev.codexpar.testing.FakeCodexScript;
import dev.codexpar.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI door through {@code ./codex-par}, with the fake codex: usage, files, folder rules. */
class CliIT {
  private static final Duration LIMIT = Duration.ofMinutes(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** The processes of runs whose codex-par a test killed: none may outlive the test. */
  private final List<ProcessHandle> orphanTrees = new ArrayList<>();

  @AfterEach
  void killOrphanTrees() {
    orphanTrees.forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * A consumer that does not read stdout (a paused pager) must not stall the run: failures with
   * long errors fill the pipe first, then 40 tasks of 100 ms at -j8 run while nobody reads. They
   * all end on time (their metas say so), and once the reader drains, every line is there, in
   * order.
   */
  @Test
  void aStdoutNobodyReadsHoldsUpNoTaskAndLosesNoLine() throws Exception {
    int floods = 16; // 16 errors of 8,000 bytes: more than a pipe holds (64 KiB on Linux)
    int quick = 40;
    StringBuilder yaml = new StringBuilder("defaults: {cwd: ., sandbox: read-only}\ntasks:\n");
    for (int i = 1; i <= floods; i++) {
      yaml.append("  - {name: flood").append(i).append(", prompt: 'FAKE: fail-long=8000'}\n");
    }
    for (int i = 1; i <= quick; i++) {
      yaml.append("  - {name: quick").append(i).append(", prompt: 'FAKE: sleep=0.1'}\n");
    }
    Path tasks = write(yaml.toString());
    Path run = tmp.resolve("run");
    ProcessBuilder pb =
        Launcher.builder(
            tmp,
            env(),
            "run",
            tasks.toString(),
            "--dir",
            run.toString(),
            "-j",
            "8",
            "--keep-going");
    pb.redirectError(tmp.resolve("stderr.log").toFile());
    Process codexPar = pb.start(); // its stdout: a pipe nobody reads for now
    try {
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= floods; i++) {
        names.add("flood" + i);
      }
      for (int i = 1; i <= quick; i++) {
        names.add("quick" + i);
      }
      await()
          .atMost(LIMIT)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> names.stream().allMatch(name -> isFinal(run, name)));

      List<JsonNode> quickMetas = new ArrayList<>();
      for (String name : names.subList(floods, names.size())) {
        quickMetas.add(JSON.readTree(run.resolve("logs/" + name + ".meta.json").toFile()));
      }
      assertThat(quickMetas).allMatch(m -> m.path("status").asText().equals("done"));
      java.time.Instant first =
          quickMetas.stream().map(m -> instant(m, "started_at")).min(Comparable::compareTo).get();
      java.time.Instant last =
          quickMetas.stream().map(m -> instant(m, "ended_at")).max(Comparable::compareTo).get();
      // 5 rounds of 100 ms at -j8; blocked on the pipe, the run did not end at all
      assertThat(Duration.between(first, last)).isLessThan(Duration.ofSeconds(8));

      String out = new String(codexPar.getInputStream().readAllBytes(), UTF_8);
      assertThat(codexPar.waitFor(LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
          .isTrue();
      assertThat(codexPar.exitValue()).isEqualTo(1);
      List<String> lines = out.lines().toList();
      int table = indexOf(lines, l -> l.startsWith("CODEX-PAR |"));
      for (int i = 1; i <= floods; i++) {
        String failed = "failed    flood" + i + ": " + "x".repeat(8000);
        assertThat(indexOf(lines, l -> l.endsWith(failed))).isBetween(0, table);
      }
      List<String> doneOrder = new ArrayList<>();
      for (String line : lines.subList(0, table)) {
        if (line.contains("  done      quick")) {
          doneOrder.add(line.replaceAll(".*  done      (quick\\d+) in .*", "$1"));
        }
      }
      assertThat(doneOrder)
          .containsExactlyInAnyOrderElementsOf(names.subList(floods, names.size()));
      for (int i = 1; i <= quick; i++) {
        String name = "quick" + i;
        int start = indexOf(lines, l -> l.contains("  start     " + name + " "));
        int done = indexOf(lines, l -> l.contains("  done      " + name + " "));
        assertThat(start).as(name).isBetween(0, done);
      }
      // printed in the order they ended
      List<java.time.Instant> ends = new ArrayList<>();
      for (String name : doneOrder) {
        ends.add(
            instant(
                JSON.readTree(run.resolve("logs/" + name + ".meta.json").toFile()), "ended_at"));
      }
      assertThat(ends).isSorted();
    } finally {
      codexPar.descendants().forEach(ProcessHandle::destroyForcibly);
      codexPar.destroyForcibly();
    }
  }

  private static boolean isFinal(Path run, String task) {
    try {
      return Files.exists(run.resolve("logs/" + task + ".meta.json"))
          && !List.of("pending", "running").contains(statusOf(run, task));
    } catch (IOException e) {
      return false; // being replaced: read again
    }
  }

  private static java.time.Instant instant(JsonNode meta, String field) {
    return java.time.Instant.parse(meta.path(field).asText());
  }

  private static int indexOf(List<String> lines, java.util.function.Predicate<String> match) {
    for (int i = 0; i < lines.size(); i++) {
      if (match.test(lines.get(i))) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void everyValidationProblemAtOnceExits2AndStartsNothing() throws IOException {
    Path tasks =
        write(
            """
            tasks:
              - name: a
                cwd: .
                prompt: p
                depend_on: [b]
              - name: a
                cwd: .
                prompt: p
              - name: c
                cwd: .
                prompt: p
                sandbox: read-only
                full_auto: true
            """);
    Launcher.Result r = cli("run", tasks.toString(), "--dir", tmp.resolve("run").toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err())
        .contains("3 problems")
        .contains(
            "tasks.yaml:5: task 'a' field 'depend_on': unknown key; did you mean 'depends_on'?")
        .contains("tasks.yaml:6: task 'a' field 'name': duplicate name (first used by task #1)")
        .contains("task 'c' field 'full_auto'");
    assertThat(tmp.resolve("run")).doesNotExist();
  }

  @Test
  void dryRunPrintsWavesAndTheExactArgvAndStartsNothing() throws IOException {
    Path tasks =
        write(
            """
            tasks:
              - {name: one, cwd: ., prompt: p, model: gpt-5-codex}
              - {name: two, cwd: ., prompt: p, depends_on: [one], sandbox: danger-full-access}
            """);
    Path run = tmp.resolve("run");
    Launcher.Result r = cli("run", tasks.toString(), "--dir", run.toString(), "--dry-run");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    String codex = FakeCodexScript.path().toString();
    assertThat(r.out())
        .contains("wave 0:\n  one (cwd " + tmp + ")\n    " + codex + " exec --json")
        .contains("-m gpt-5-codex")
        .contains("wave 1:\n  two")
        .contains("-s danger-full-access")
        .contains("--output-last-message " + run.resolve("outputs/two.md"));
    assertThat(run).doesNotExist();
  }

  @Test
  void aSecondRunMovesTheFirstAsideAndCleanRemovesEverything() throws IOException {
    Path tasks = write("tasks:\n  - {name: t, cwd: ., prompt: 'FAKE: ok'}\n");
    Path run = tmp.resolve("run");
    Launcher.Result first = cli("run", tasks.toString(), "--dir", run.toString());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    String firstId = runId(run);
    Launcher.Result second = cli("run", tasks.toString(), "--dir", run.toString());
    assertThat(second.exitCode()).as(second.toString()).isZero();

    assertThat(runId(run)).isNotEqualTo(firstId);
    Path archived = run.resolve("previous-runs").resolve(firstId);
    assertThat(archived.resolve("run.meta.json")).exists();
    assertThat(archived.resolve("outputs/t.md")).hasContent(FakeCodexScript.MESSAGE);
    assertThat(run.resolve("outputs/t.md")).hasContent(FakeCodexScript.MESSAGE);

    Launcher.Result clean = cli("clean", "--dir", run.toString());
    assertThat(clean.exitCode()).as(clean.toString()).isZero();
    try (Stream<Path> left = Files.list(run)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void theLogCapFromItsVariableCutsALogAndTheMetaSaysHowMuch() throws IOException {
    Path tasks = write("tasks:\n  - {name: t, cwd: ., prompt: 'FAKE: garbage'}\n"); // 5 MiB
    Path run = tmp.resolve("run");
    Map<String, String> env = new java.util.HashMap<>(env());
    env.put("CODEX_PAR_LOG_MAX", "64K");
    Launcher.Result result =
        Launcher.run(tmp, env, LIMIT, "run", tasks.toString(), "--dir", run.toString());
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(Files.size(run.resolve("logs/t.jsonl"))).isLessThanOrEqualTo(64 * 1024);
    assertThat(
            JSON.readTree(run.resolve("logs/t.meta.json").toFile())
                .path("log_bytes_dropped")
                .asLong())
        .isGreaterThan(5L * 1024 * 1024 - 64 * 1024);
  }

  @Test
  void aLiveFolderIsRefusedAndItsStatusIsReadableFromAnotherProcess() throws Exception {
    Path tasks = write("tasks:\n  - {name: slow, cwd: ., prompt: 'FAKE: sleep=60'}\n");
    Path run = tmp.resolve("run");
    try (Launcher owner = start("run", tasks.toString(), "--dir", run.toString())) {
      awaitRunning(run, "slow");

      Launcher.Result again = cli("run", tasks.toString(), "--dir", run.toString());
      assertThat(again.exitCode()).isEqualTo(2);
      assertThat(again.err()).contains("a run is live in " + run);
      Launcher.Result clean = cli("clean", "--dir", run.toString());
      assertThat(clean.exitCode()).isEqualTo(2);
      assertThat(clean.err()).contains("a run is live");
      Launcher.Result status = cli("status", "--dir", run.toString());
      assertThat(status.exitCode()).as(status.toString()).isZero();
      assertThat(status.out()).contains("slow").contains("running");

      Runtime.getRuntime().exec(new String[] {"kill", "-INT", Long.toString(owner.pid())});
      Launcher.Result ended = owner.await(LIMIT);
      assertThat(ended.exitCode()).as(ended.toString()).isEqualTo(130);
      assertThat(statusOf(run, "slow")).isEqualTo("cancelled");
    }
  }

  @Test
  void aRunWhoseOwnerDiedIsInterruptedItsOrphansAreNamedAndCleanStopsThem() throws Exception {
    Path run = tmp.resolve("run");
    long codexPid = orphanedRun(run);

    Launcher.Result status = cli("status", "--dir", run.toString(), "--json");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    JsonNode json = JSON.readTree(status.out());
    assertThat(json.path("status").asText()).isEqualTo("interrupted");
    assertThat(json.path("tasks").get(0).path("status").asText()).isEqualTo("interrupted");
    assertThat(json.path("orphans").get(0).path("task").asText()).isEqualTo("slow");
    assertThat(json.path("orphans").get(0).path("pid").asLong()).isEqualTo(codexPid);
    assertThat(cli("status", "--dir", run.toString()).out())
        .contains("orphan: task slow left codex pid " + codexPid + " running");

    Launcher.Result clean = cli("clean", "--dir", run.toString(), "--kill-orphans");
    assertThat(clean.exitCode()).as(clean.toString()).isZero();
    assertThat(clean.out()).contains("stopped orphan codex pid " + codexPid + " (task slow)");
    assertThat(run.resolve("logs")).doesNotExist();
    await().atMost(LIMIT).until(() -> orphanTrees.stream().noneMatch(Liveness::running));
  }

  /** An orphan would keep writing into the new run's outputs/: a new run stops it or is refused. */
  @Test
  void aNewRunIsRefusedWhileTheEarlierRunsOrphansLiveUnlessItStopsThem() throws Exception {
    Path run = tmp.resolve("run");
    long codexPid = orphanedRun(run);
    String earlierId = runId(run);
    Path quick = write("tasks:\n  - {name: quick, cwd: ., prompt: 'FAKE: ok'}\n");

    Launcher.Result refused = cli("run", quick.toString(), "--dir", run.toString());
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err())
        .contains("left codex running (task slow: pid " + codexPid + ")")
        .contains("--kill-orphans");
    assertThat(ProcessHandle.of(codexPid).map(ProcessHandle::isAlive)).contains(true);

    Launcher.Result next = cli("run", quick.toString(), "--dir", run.toString(), "--kill-orphans");
    assertThat(next.exitCode()).as(next.toString()).isZero();
    assertThat(next.out())
        .contains("stopped orphan codex pid " + codexPid + " (task slow)")
        .contains(
            "earlier run "
                + earlierId
                + " (interrupted) is moved to "
                + run.resolve("previous-runs").resolve(earlierId));
    await().atMost(LIMIT).until(() -> orphanTrees.stream().noneMatch(Liveness::running));
  }

  /**
   * A run whose codex-par was killed (SIGKILL) while its task ran: the task's codex lives on.
   * Returns the codex pid.
   */
  private long orphanedRun(Path run) throws Exception {
    Path tasks = write("tasks:\n  - {name: slow, cwd: ., prompt: 'FAKE: sleep=60'}\n");
    try (Launcher owner = start("run", tasks.toString(), "--dir", run.toString())) {
      awaitRunning(run, "slow");
      // Killed before the fake codex printed its first event, it would die of SIGPIPE writing it.
      await()
          .atMost(LIMIT)
          .until(
              () ->
                  JSON.readTree(run.resolve("logs/slow.meta.json").toFile()).path("events").asLong()
                      >= 1);
      orphanTrees.addAll(owner.process().descendants().toList());
      owner.process().destroyForcibly(); // SIGKILL: codex-par gets no chance to stop its child
      owner.process().waitFor();
    }
    long codexPid = JSON.readTree(run.resolve("logs/slow.meta.json").toFile()).path("pid").asLong();
    assertThat(ProcessHandle.of(codexPid).map(ProcessHandle::isAlive)).contains(true);
    return codexPid;
  }

  /** A failure of codex-par itself is one line and an exit code of its own, not "a task failed". */
  @Test
  void anUnexpectedFailureIsOneLineAndExitCode70WithTheTraceOnlyOnRequest() throws IOException {
    Path tasks = write("tasks:\n  - {name: t, cwd: ., prompt: p}\n");
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    String dir = file.resolve("run").toString();

    Launcher.Result r = cli("run", tasks.toString(), "--dir", dir);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(70);
    assertThat(r.err().strip().lines())
        .as(r.toString())
        .hasSize(2)
        .first()
        .asString()
        .startsWith("codex-par: internal error: ")
        .contains(dir);
    assertThat(r.err()).doesNotContain("\tat ").contains("CODEX_PAR_DEBUG=1");

    Launcher.Result debug =
        Launcher.run(
            tmp,
            Map.of("CODEX_BIN", FakeCodexScript.path().toString(), "CODEX_PAR_DEBUG", "1"),
            LIMIT,
            "run",
            tasks.toString(),
            "--dir",
            dir);
    assertThat(debug.exitCode()).isEqualTo(70);
    assertThat(debug.err()).contains("\tat dev.codexpar.");
  }

  @Test
  void anUnrunnableCodexBinaryIsAUsageError() throws IOException {
    Path tasks = write("tasks:\n  - {name: t, cwd: ., prompt: p}\n");
    Launcher.Result r =
        Launcher.run(
            tmp,
            Map.of(),
            LIMIT,
            "run",
            tasks.toString(),
            "--codex-bin",
            tmp.resolve("missing-codex").toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("missing-codex");
  }

  @Test
  void aProjectsOwnLogsAreNeitherMovedByRunNorRemovedByClean() throws IOException {
    Path project = Files.createDirectories(tmp.resolve("project"));
    Path appLog = Files.createDirectories(project.resolve("logs")).resolve("app.log");
    Files.writeString(appLog, "the project's own log");
    Path tasks = write("tasks:\n  - {name: a, cwd: ., prompt: 'FAKE: ok'}\n");

    Launcher.Result run = cli("run", tasks.toString(), "--dir", project.toString());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("no codex-par run wrote them");
    assertThat(run.out()).as("a refused run announces nothing").doesNotContain("tasks in");
    Launcher.Result clean = cli("clean", "--dir", project.toString());
    assertThat(clean.exitCode()).as(clean.toString()).isEqualTo(2);
    assertThat(appLog).hasContent("the project's own log");

    Path nowhere = tmp.resolve("nowhere");
    Launcher.Result nothing = cli("clean", "--dir", nowhere.toString());
    assertThat(nothing.exitCode()).as(nothing.toString()).isZero();
    assertThat(nothing.out()).contains("nothing to clean");
    assertThat(nowhere).doesNotExist();
  }

  @Test
  void statusOfAFolderWithoutARunIsAUsageError() {
    Launcher.Result r = cli("status", "--dir", tmp.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("no run in " + tmp);
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : List.of("run", "status", "tail", "clean", "serve")) {
      Launcher.Result r = cli(command, "--help");
      assertThat(r.exitCode()).as(command).isZero();
      assertThat(r.out()).as(command).startsWith("Usage: codex-par " + command);
    }
  }

  private Path write(String yaml) throws IOException {
    Path file = tmp.resolve("tasks.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private Launcher.Result cli(String... args) {
    return Launcher.run(tmp, env(), LIMIT, args);
  }

  private Launcher start(String... args) {
    return Launcher.start(tmp, env(), args);
  }

  private static Map<String, String> env() {
    return Map.of("CODEX_BIN", FakeCodexScript.path().toString());
  }

  private static String runId(Path run) throws IOException {
    return JSON.readTree(run.resolve("run.meta.json").toFile()).path("run_id").asText();
  }

  private static void awaitRunning(Path run, String task) {
    await()
        .atMost(LIMIT)
        .until(
            () ->
                Files.exists(run.resolve("logs/" + task + ".meta.json"))
                    && statusOf(run, task).equals("running"));
  }

  private static String statusOf(Path run, String task) throws IOException {
    JsonNode meta = JSON.readTree(run.resolve("logs/" + task + ".meta.json").toFile());
    return meta.path("status").asText();
  }
}
