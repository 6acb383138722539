package dev.codexpar.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeCodexTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final List<CodexProcess> started = new ArrayList<>();
  private final List<Long> strays = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    started.forEach(CodexProcess::close);
    strays.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  private CodexProcess exec(String prompt, String... extraArgs) {
    return start(prompt, Map.of(), execArgs(extraArgs));
  }

  private String[] execArgs(String... extraArgs) {
    List<String> args = new ArrayList<>(List.of("exec", "--json", "--skip-git-repo-check"));
    args.addAll(List.of(extraArgs));
    args.addAll(List.of("-o", dir.resolve("last.txt").toString(), "-"));
    return args.toArray(String[]::new);
  }

  private CodexProcess start(String prompt, Map<String, String> env, String... args) {
    CodexProcess p = CodexProcess.start(FakeCodexScript.argv(args), dir, env, prompt);
    started.add(p);
    return p;
  }

  private static List<String> types(CodexProcess p) {
    return p.events().stream().map(e -> e.path("type").asText()).toList();
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = FakeCodexTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void scriptIsExecutableInTheSourceTree() {
    Path source = Path.of("src/test/resources/fake-codex/codex");
    if (Files.exists(source)) {
      assertThat(Files.isExecutable(source)).isTrue();
    }
  }

  @Test
  void versionAndHelpTexts() throws IOException {
    CodexProcess version = start("", Map.of(), "--version");
    assertThat(version.awaitExit(TIMEOUT)).isZero();
    assertThat(version.stdoutLines()).containsExactly("codex-cli 0.169.0");

    CodexProcess viaSh = CodexProcess.start(FakeCodexScript.shArgv("--version"), dir, Map.of(), "");
    started.add(viaSh);
    assertThat(viaSh.awaitExit(TIMEOUT)).isZero();
    assertThat(viaSh.stdoutLines()).containsExactly("codex-cli 0.169.0");

    String execHelp = resource("/codex-help/0.169.0/exec.txt");
    assertThat(resource("/fake-codex/exec-help.txt")).isEqualTo(execHelp);
    CodexProcess exec = start("", Map.of(), "exec", "--help");
    assertThat(exec.awaitExit(TIMEOUT)).isZero();
    assertThat(exec.stdoutText()).isEqualTo(execHelp.stripTrailing());

    String reviewHelp = resource("/codex-help/0.169.0/review.txt");
    assertThat(resource("/fake-codex/review-help.txt")).isEqualTo(reviewHelp);
    CodexProcess review = start("", Map.of(), "exec", "review", "--help");
    assertThat(review.awaitExit(TIMEOUT)).isZero();
    assertThat(review.stdoutText()).isEqualTo(reviewHelp.stripTrailing());
  }

  @Test
  void okEmitsA0169StreamAndWritesTheLastMessage() throws IOException {
    CodexProcess p = exec("do it\nFAKE: ok\n");

    assertThat(p.awaitExit(TIMEOUT)).isZero();

    assertThat(types(p))
        .containsExactly(
            "thread.started",
            "turn.started",
            "item.started",
            "item.completed",
            "item.completed",
            "turn.completed");
    assertThat(p.events().size()).isEqualTo(p.stdoutLines().size());
    JsonNode command = p.items("item.completed", "command_execution").get(0);
    assertThat(command.path("exit_code").asInt()).isZero();
    assertThat(command.path("aggregated_output").asText()).isEqualTo("total 0\n");
    assertThat(p.items("item.completed", "agent_message").get(0).path("text").asText())
        .isEqualTo(FakeCodexScript.MESSAGE);
    assertThat(p.events("turn.completed").get(0).path("usage").path("input_tokens").asInt())
        .isEqualTo(2400);
    assertThat(dir.resolve("last.txt")).hasContent(FakeCodexScript.MESSAGE);
  }

  @Test
  void resumeKeepsTheSessionAndForkStartsANewOne() {
    CodexProcess resumed =
        start(
            "more\n",
            Map.of(),
            "exec",
            "--json",
            "-s",
            "read-only",
            "-o",
            dir.resolve("r.md").toString(),
            "resume",
            "0199-given",
            "-");
    CodexProcess forked = start("branch\n", Map.of(), "exec", "--json", "fork", "0199-given", "-");

    assertThat(resumed.awaitExit(TIMEOUT)).isZero();
    assertThat(forked.awaitExit(TIMEOUT)).isZero();
    assertThat(resumed.events("thread.started").get(0).path("thread_id").asText())
        .isEqualTo("0199-given");
    assertThat(forked.events("thread.started").get(0).path("thread_id").asText())
        .isNotEqualTo("0199-given")
        .isNotBlank();
    assertThat(dir.resolve("r.md")).hasContent(FakeCodexScript.MESSAGE);
  }

  @Test
  void noDirectiveMeansOk() {
    CodexProcess p = exec("just a prompt\n");
    assertThat(p.awaitExit(TIMEOUT)).isZero();
    assertThat(types(p)).last().isEqualTo("turn.completed");
  }

  @Test
  void sleepStartsThenFinishes() {
    CodexProcess p = exec("FAKE: sleep=1\n");

    await().atMost(TIMEOUT).until(() -> types(p).contains("thread.started"));
    assertThat(p.isAlive()).isTrue();
    assertThat(types(p)).containsExactly("thread.started");

    assertThat(p.awaitExit(TIMEOUT)).isZero();
    assertThat(types(p)).last().isEqualTo("turn.completed");
  }

  @Test
  void sleepEndsAtOnceOnTerm() {
    CodexProcess p = exec("FAKE: sleep=600\n");
    await().atMost(TIMEOUT).until(() -> types(p).contains("thread.started"));

    p.process().destroy();

    assertThat(p.awaitExit(Duration.ofSeconds(5))).isEqualTo(143);
  }

  @Test
  void ignoreTermSurvivesTermAndDiesOnKill() {
    CodexProcess p = exec("FAKE: ignore-term\n");
    await().atMost(TIMEOUT).until(() -> !p.events("fake.grandchild").isEmpty());
    JsonNode line = p.events("fake.grandchild").get(0);
    long grandchildPid = line.path("pid").asLong();
    strays.add(grandchildPid);
    assertThat(line.path("parent").asLong()).isEqualTo(p.pid());
    ProcessHandle grandchild = ProcessHandle.of(grandchildPid).orElseThrow();
    assertThat(grandchild.parent().map(ProcessHandle::pid)).contains(p.pid());

    p.process().destroy(); // SIGTERM
    grandchild.destroy(); // SIGTERM

    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> p.isAlive() && grandchild.isAlive());

    grandchild.destroyForcibly();
    p.process().destroyForcibly();

    await().atMost(TIMEOUT).until(() -> !grandchild.isAlive() && !p.isAlive());
    assertThat(p.awaitExit(TIMEOUT)).isEqualTo(137);
  }

  @Test
  void exit1PrintsOnStderrOnly() {
    CodexProcess p = exec("FAKE: exit1\n");

    assertThat(p.awaitExit(TIMEOUT)).isEqualTo(1);

    assertThat(p.stdoutLines()).isEmpty();
    assertThat(p.stderrLines()).singleElement().asString().contains("exit 1");
    assertThat(dir.resolve("last.txt")).doesNotExist();
  }

  @Test
  void garbageMixesNonJsonAndAHugeLineIntoAnOkStream() {
    CodexProcess p = exec("FAKE: garbage\n");

    assertThat(p.awaitExit(TIMEOUT)).isZero();

    assertThat(p.stdoutLines()).contains("this line is not JSON");
    assertThat(p.stdoutLines()).anySatisfy(l -> assertThat(l).hasSize(5 * 1024 * 1024));
    assertThat(types(p)).first().isEqualTo("thread.started");
    assertThat(types(p)).last().isEqualTo("turn.completed");
  }

  @Test
  void stderrFloodIsTwentyMegabytesBesideTheEvents() {
    CodexProcess p = exec("FAKE: stderr-flood\n");

    assertThat(p.awaitExit(TIMEOUT)).isZero();

    long chars = p.stderrLines().stream().mapToLong(String::length).sum();
    assertThat(chars).isEqualTo(20L * 1024 * 1024);
    assertThat(p.events("item.completed")).hasSizeGreaterThan(20);
    assertThat(types(p)).last().isEqualTo("turn.completed");
  }

  @Test
  void legacyEmitsThe042Schema() throws IOException {
    CodexProcess p = exec("say \"hi\"\tplease\nFAKE: legacy\n");

    assertThat(p.awaitExit(TIMEOUT)).isZero();

    List<JsonNode> lines = p.events();
    assertThat(lines).hasSize(p.stdoutLines().size()); // every line is JSON
    assertThat(lines.get(0).has("model")).isTrue();
    assertThat(lines.get(1).path("prompt").asText()).isEqualTo("say \"hi\" please\nFAKE: legacy");
    List<String> msgTypes =
        lines.subList(2, lines.size()).stream()
            .peek(l -> assertThat(l.path("id").asText()).isEqualTo("0"))
            .map(l -> l.path("msg").path("type").asText())
            .toList();
    assertThat(msgTypes)
        .containsExactly(
            "task_started",
            "agent_reasoning",
            "exec_command_begin",
            "exec_command_end",
            "token_count",
            "agent_message",
            "token_count",
            "task_complete");
    JsonNode end = lines.get(5).path("msg");
    assertThat(end.path("exit_code").asInt()).isZero();
    assertThat(lines.get(4).path("msg").path("command").get(0).asText()).isEqualTo("bash");
    assertThat(lines.get(7).path("msg").path("message").asText())
        .isEqualTo(FakeCodexScript.MESSAGE);
    JsonNode total = lines.get(8).path("msg").path("info").path("total_token_usage");
    assertThat(total.path("input_tokens").asInt()).isEqualTo(2600);
    assertThat(dir.resolve("last.txt")).hasContent(FakeCodexScript.MESSAGE);
  }

  @Test
  void legacyErrorEndsWithMsgErrorAndExit0() {
    CodexProcess p = exec("FAKE: legacy-error\n");

    assertThat(p.awaitExit(TIMEOUT)).isZero();

    JsonNode last = p.events().get(p.events().size() - 1);
    assertThat(last.path("msg").path("type").asText()).isEqualTo("error");
    assertThat(last.path("msg").path("message").asText()).contains("500");
  }

  @Test
  void failGivesTurnFailedAndExit1() {
    CodexProcess p = exec("FAKE: fail\n");

    assertThat(p.awaitExit(TIMEOUT)).isEqualTo(1);

    assertThat(types(p)).containsExactly("thread.started", "turn.started", "error", "turn.failed");
    assertThat(p.events("turn.failed").get(0).path("error").path("message").asText())
        .isEqualTo(FakeCodexScript.FAIL_MESSAGE);
    assertThat(dir.resolve("last.txt")).hasContent("");
  }

  @Test
  void argvIsLoggedTabSeparated() throws IOException {
    Path log = dir.resolve("argv.log");
    Map<String, String> env = Map.of(FakeCodexScript.ARGV_LOG_ENV, log.toString());
    String[] args = execArgs("-c", "model=\"gpt 5\"", "--cd", dir.toString());

    CodexProcess p = start("FAKE: ok\n", env, args);
    assertThat(p.awaitExit(TIMEOUT)).isZero();
    CodexProcess v = start("", env, "--version");
    assertThat(v.awaitExit(TIMEOUT)).isZero();

    List<String> lines = Files.readAllLines(log);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).split("\t", -1)).containsExactly(args);
    assertThat(lines.get(1)).isEqualTo("--version");
  }

  @Test
  void promptGivenAsArgumentIsAlsoRead() {
    List<String> argv = FakeCodexScript.argv("exec", "--json", "FAKE: fail");
    CodexProcess p = CodexProcess.start(argv, dir, Map.of(), "");
    started.add(p);
    assertThat(p.awaitExit(TIMEOUT)).isEqualTo(1);
    assertThat(types(p)).contains("turn.failed");
  }
}
