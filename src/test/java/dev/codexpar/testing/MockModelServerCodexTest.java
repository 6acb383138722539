package dev.codexpar.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexpar.testing.MockModelServer.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the REAL codex 0.169.0 ({@code codex exec --json --skip-git-repo-check -s workspace-write -m
 * gpt-5-codex -c ... -o OUT -}, prompt on stdin, stdin closed) against {@link MockModelServer}.
 * Each run takes well under 2 s. What was measured (and is asserted here):
 *
 * <ul>
 *   <li>Every run begins {@code thread.started}, then the harmless {@code item.completed} {@code
 *       item_0} of type {@code error} ("Model metadata for `gpt-5-codex` not found. ..."), THEN
 *       {@code turn.started} (the error item comes before turn.started). No {@code GET /v1/models}
 *       is made. codex prints on stderr a {@code WARNING: proceeding, even though we could not
 *       create PATH aliases: ...} line when CODEX_HOME is under /tmp (harmless).
 *   <li>Usage: each request's {@code response.completed.usage} is summed over the turn's model
 *       requests into {@code turn.completed.usage}: {@code input_tokens} = sum of {@code
 *       input_tokens}, {@code cached_input_tokens} = sum of {@code input_tokens_details
 *       .cached_tokens}, {@code output_tokens} = sum of {@code output_tokens}, {@code
 *       reasoning_output_tokens} = sum of {@code output_tokens_details.reasoning_tokens}, {@code
 *       cache_write_input_tokens} 0. A turn with one {@code cmd} is 2 requests: tokens=1200/34/100
 *       gives 2400/68/200.
 *   <li>{@code cmd}: the command runs as {@code /bin/bash -lc '<cmd>'} in the cwd; the next
 *       request's {@code function_call_output.output} is {@code "Chunk ID: ..\nWall time: ..
 *       seconds\nProcess exited with code 0\nOriginal token count: N\nOutput:\n<output>"}. A
 *       failing command gives {@code "exit_code":1,"status":"failed"}; the turn still completes
 *       (exit 0).
 *   <li>{@code fail=CODE:MSG} (response.failed) → {@code {"type":"error","message":M}} and {@code
 *       {"type":"turn.failed","error":{"message":M}}}, exit 1, no {@code -o} content, where M
 *       depends on CODE: {@code server_error} (or no code) → "stream disconnected before
 *       completion: MSG"; {@code invalid_prompt} → "MSG"; {@code rate_limit_exceeded} → "rate limit
 *       exceeded: MSG"; {@code context_length_exceeded} → "Codex ran out of room in the model's
 *       context window. Start a new thread or clear earlier history before retrying."; {@code
 *       insufficient_quota} → "Quota exceeded. Check your plan and billing details.".
 *   <li>{@code http=500} → M = "We’re currently experiencing high demand, which may cause temporary
 *       errors." (U+2019 apostrophe; the body's message is NOT shown), exit 1. {@code http=502/503}
 *       → M = "unexpected status 503 Service Unavailable: MSG, url:
 *       http://127.0.0.1:PORT/v1/responses". {@code http=429} → M = "exceeded retry limit, last
 *       status: 429 Too Many Requests". Other 4xx (e.g. 400) → M = the raw JSON body. With
 *       request_max_retries=0 exactly one request is made and the run takes ~0.3 s.
 *   <li>{@code hang} → nothing after {@code turn.started}; the process stays alive until killed;
 *       the mock notices the disconnect on its next keep-alive write.
 *   <li>An unrecognised {@code -c} key is reported as an {@code item.completed} of type {@code
 *       error} "Codex is ignoring 1 unrecognized configuration setting. ..." (and a wrongly typed
 *       value makes codex exit 1 with "Error loading config.toml: ..."): none of {@link
 *       CodexTestEnv#configOverrides} is reported.
 * </ul>
 */
class MockModelServerCodexTest {
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);
  private static final String METADATA_ERROR =
      "Model metadata for `gpt-5-codex` not found. Defaulting to fallback metadata;"
          + " this can degrade performance and cause issues.";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static MockModelServer mock;
  private CodexTestEnv env;
  private Path work;
  private final List<CodexProcess> started = new ArrayList<>();

  @BeforeAll
  static void startMock() {
    assumeTrue(CodexTestEnv.codexAvailable(), "system property codex.bin: no codex binary");
    mock = MockModelServer.start();
  }

  @AfterAll
  static void stopMock() {
    if (mock != null) {
      mock.close();
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    env = CodexTestEnv.create(mock.baseUrl());
    work = Files.createTempDirectory("codex-work-");
  }

  @AfterEach
  void tearDown() {
    started.forEach(CodexProcess::close);
    env.close();
    CodexTestEnv.deleteTree(work);
  }

  private CodexProcess run(String prompt) {
    return run(prompt, env.execArgv(work.resolve("last.txt")));
  }

  private CodexProcess run(String prompt, List<String> argv) {
    ProcessBuilder pb = env.applyTo(new ProcessBuilder(argv).directory(work.toFile()));
    CodexProcess p = CodexProcess.start(pb, prompt);
    started.add(p);
    return p;
  }

  /** A unique tag so that requests of this run can be told from the others. */
  private static String tag() {
    return "task-" + UUID.randomUUID();
  }

  private static List<String> types(CodexProcess p) {
    return p.events().stream().map(e -> e.path("type").asText()).toList();
  }

  @Test
  void plainReplyEndsTheTurnWithTheMockUsage() throws IOException {
    String tag = tag();
    CodexProcess p = run(tag + "\n@mock reply=Hello world\n@mock tokens=1200/34/100\n");

    assertThat(p.awaitExit(RUN_TIMEOUT)).as(p.stderrText()).isZero();

    assertThat(Files.readString(work.resolve("last.txt"))).isEqualTo("Hello world");
    assertThat(types(p))
        .containsExactly(
            "thread.started", "item.completed", "turn.started", "item.completed", "turn.completed");
    assertThat(p.events("thread.started").get(0).path("thread_id").asText()).isNotBlank();
    assertThat(p.items("item.completed", "error"))
        .singleElement()
        .satisfies(i -> assertThat(i.path("message").asText()).isEqualTo(METADATA_ERROR));
    assertThat(p.items("item.completed", "agent_message"))
        .singleElement()
        .satisfies(i -> assertThat(i.path("text").asText()).isEqualTo("Hello world"));
    assertThat(p.events("turn.completed").get(0).get("usage")).isEqualTo(usage(1200, 100, 34));

    List<RecordedRequest> requests = mock.requestsWithPromptContaining(tag);
    assertThat(requests).hasSize(1);
    RecordedRequest r = requests.get(0);
    assertThat(r.prompt()).startsWith(tag).contains("@mock reply=Hello world");
    assertThat(r.body().path("model").asText()).isEqualTo("gpt-5-codex");
    assertThat(r.body().path("stream").asBoolean()).isTrue();
    assertThat(r.body().path("tools").findValuesAsText("name")).contains("exec_command");
    assertThat(r.functionCallOutputs()).isEmpty();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.completedAt()).isAfterOrEqualTo(r.arrivedAt());
  }

  @Test
  void commandDirectiveIsReallyRunByCodex() throws IOException {
    String tag = tag();
    CodexProcess p =
        run(
            tag
                + "\n@mock cmd=printf codexpar-ok > proof.txt && cat proof.txt"
                + "\n@mock tokens=1200/34/100\n@mock reply=ran it\n");

    assertThat(p.awaitExit(RUN_TIMEOUT)).as(p.stderrText()).isZero();

    assertThat(work.resolve("proof.txt")).hasContent("codexpar-ok");
    JsonNode begun = p.items("item.started", "command_execution").get(0);
    assertThat(begun.path("command").asText())
        .isEqualTo("/bin/bash -lc 'printf codexpar-ok > proof.txt && cat proof.txt'");
    assertThat(begun.path("status").asText()).isEqualTo("in_progress");
    assertThat(begun.path("exit_code").isNull()).isTrue();
    JsonNode done = p.items("item.completed", "command_execution").get(0);
    assertThat(done.path("id").asText()).isEqualTo(begun.path("id").asText());
    assertThat(done.path("exit_code").asInt()).isZero();
    assertThat(done.path("status").asText()).isEqualTo("completed");
    assertThat(done.path("aggregated_output").asText()).contains("codexpar-ok");
    assertThat(Files.readString(work.resolve("last.txt"))).isEqualTo("ran it");
    // two model requests in the turn: usage is their sum
    assertThat(p.events("turn.completed").get(0).get("usage")).isEqualTo(usage(2400, 200, 68));

    List<RecordedRequest> requests = mock.requestsWithPromptContaining(tag);
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).functionCallOutputs()).isEmpty();
    assertThat(requests.get(1).functionCallOutputs())
        .singleElement()
        .asString()
        .contains("Process exited with code 0")
        .contains("codexpar-ok");
  }

  @Test
  void severalCommandsRunInSequence() {
    String tag = tag();
    CodexProcess p = run(tag + "\n@mock cmd=echo one\n@mock cmd=false\n@mock tokens=10/1\n");

    assertThat(p.awaitExit(RUN_TIMEOUT)).as(p.stderrText()).isZero();

    List<JsonNode> commands = p.items("item.completed", "command_execution");
    assertThat(commands)
        .extracting(c -> c.path("command").asText())
        .containsExactly("/bin/bash -lc 'echo one'", "/bin/bash -lc false");
    assertThat(commands).extracting(c -> c.path("exit_code").asInt()).containsExactly(0, 1);
    assertThat(commands)
        .extracting(c -> c.path("status").asText())
        .containsExactly("completed", "failed");
    assertThat(p.items("item.completed", "agent_message").get(0).path("text").asText())
        .isEqualTo(MockModelServer.DEFAULT_REPLY);
    assertThat(p.events("turn.completed").get(0).get("usage")).isEqualTo(usage(30, 0, 3));
    assertThat(mock.requestsWithPromptContaining(tag))
        .extracting(r -> r.functionCallOutputs().size())
        .containsExactly(0, 1, 2);
  }

  @Test
  void responseFailedGivesTurnFailedAndExit1() throws IOException {
    assertFailure("@mock fail=server_error:boom", "stream disconnected before completion: boom");
    assertFailure("@mock fail=invalid_prompt:bad prompt", "bad prompt");
    assertFailure("@mock fail=rate_limit_exceeded:slow", "rate limit exceeded: slow");
  }

  @Test
  void httpErrorsGiveTurnFailedAndExit1WithoutRetry() throws IOException {
    assertFailure(
        "@mock http=500:kaput",
        "We\u2019re currently experiencing high demand, which may cause temporary errors.");
    assertFailure(
        "@mock http=503:kaput",
        "unexpected status 503 Service Unavailable: kaput, url: " + mock.baseUrl() + "/responses");
    assertFailure(
        "@mock http=429:slow down", "exceeded retry limit, last status: 429 Too Many Requests");
  }

  private void assertFailure(String directive, String message) throws IOException {
    String tag = tag();
    Path out = work.resolve(tag + ".txt");
    Instant t0 = Instant.now();
    CodexProcess p = run(tag + "\n" + directive + "\n", env.execArgv(out));

    assertThat(p.awaitExit(RUN_TIMEOUT)).as(p.stdoutText() + p.stderrText()).isEqualTo(1);

    assertThat(Duration.between(t0, Instant.now())).isLessThan(Duration.ofSeconds(10));
    assertThat(types(p))
        .containsExactly(
            "thread.started", "item.completed", "turn.started", "error", "turn.failed");
    assertThat(p.events("error").get(0).path("message").asText()).isEqualTo(message);
    assertThat(p.events("turn.failed").get(0).path("error").path("message").asText())
        .isEqualTo(message);
    assertThat(out).exists().isEmptyFile(); // codex creates the -o file, empty
    assertThat(mock.requestsWithPromptContaining(tag)).hasSize(1); // no retry
  }

  @Test
  void hangKeepsCodexAliveUntilKilled() {
    String tag = tag();
    CodexProcess p = run(tag + "\n@mock hang\n");

    await()
        .atMost(RUN_TIMEOUT)
        .until(
            () ->
                mock.requestsWithPromptContaining(tag).stream()
                    .anyMatch(RecordedRequest::isHanging));
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(p::isAlive);
    assertThat(types(p)).containsExactly("thread.started", "item.completed", "turn.started");

    p.kill();

    p.awaitExit(Duration.ofSeconds(10));
    RecordedRequest r = mock.requestsWithPromptContaining(tag).get(0);
    await().atMost(Duration.ofSeconds(5)).until(r::isCompleted);
    assertThat(r.failure()).isNotNull();
  }

  @Test
  void concurrentRunsAreServedInParallel() {
    List<String> tags = List.of(tag(), tag(), tag());
    List<CodexProcess> runs = new ArrayList<>();
    for (String tag : tags) {
      Path out = work.resolve(tag + ".txt");
      runs.add(run(tag + "\n@mock sleep=1500ms\n@mock reply=" + tag + "\n", env.execArgv(out)));
    }
    for (int i = 0; i < runs.size(); i++) {
      assertThat(runs.get(i).awaitExit(RUN_TIMEOUT)).isZero();
      assertThat(work.resolve(tags.get(i) + ".txt")).hasContent(tags.get(i));
    }
    List<RecordedRequest> requests =
        tags.stream().map(t -> mock.requestsWithPromptContaining(t).get(0)).toList();
    Instant lastArrival =
        requests.stream().map(RecordedRequest::arrivedAt).max(Comparator.naturalOrder()).get();
    Instant firstCompletion =
        requests.stream().map(RecordedRequest::completedAt).min(Comparator.naturalOrder()).get();
    assertThat(lastArrival).isBefore(firstCompletion);
  }

  @Test
  void everyOverrideIsRecognisedByCodex() {
    CodexProcess ok = run(tag() + "\n@mock reply=ok\n");
    assertThat(ok.awaitExit(RUN_TIMEOUT)).isZero();
    assertThat(ok.stdoutText()).doesNotContain("unrecognized configuration");

    // the check above is meaningful: an unknown key is reported
    List<String> argv = new ArrayList<>(env.execArgv(work.resolve("bogus.txt")));
    argv.addAll(argv.size() - 1, List.of("-c", "codexpar_bogus_key=1"));
    CodexProcess bogus = run(tag() + "\n@mock reply=ok\n", argv);
    assertThat(bogus.awaitExit(RUN_TIMEOUT)).isZero();
    assertThat(bogus.items("item.completed", "error"))
        .extracting(i -> i.path("message").asText())
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains("unrecognized configuration setting")
                    .contains("codexpar_bogus_key"));
  }

  private static JsonNode usage(int input, int cached, int output) {
    return JSON.createObjectNode()
        .put("input_tokens", input)
        .put("cached_input_tokens", cached)
        .put("cache_write_input_tokens", 0)
        .put("output_tokens", output)
        .put("reasoning_output_tokens", 0);
  }
}
