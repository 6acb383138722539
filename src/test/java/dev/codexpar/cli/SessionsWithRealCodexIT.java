package dev.codexpar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexpar.testing.CodexTestEnv;
import dev.codexpar.testing.Launcher;
import dev.codexpar.testing.MockModelServer;
import dev.codexpar.testing.MockModelServer.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
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
 * Sessions through {@code ./codex-par}: the real codex 0.169 offline against {@link
 * MockModelServer}, whose request log shows what each turn carried: a verify that fails once, has
 * codex fix it in the same session and then passes; one that fails for good; a {@code fork_from}
 * task that begins with its upstream's conversation; {@code ask} continuing a finished task's
 * session, and its refusals.
 */
class SessionsWithRealCodexIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private MockModelServer mock;
  private CodexTestEnv codex;
  private Path runDir;
  private Path work;

  @BeforeEach
  void startMock() throws IOException {
    assumeTrue(CodexTestEnv.codexAvailable(), "real codex not installed (codex.bin)");
    mock = MockModelServer.start();
    codex = CodexTestEnv.create(mock.baseUrl(), tmp.resolve("codex-home"));
    runDir = tmp.resolve("run");
    work = Files.createDirectories(tmp.resolve("project/work"));
  }

  @AfterEach
  void stopMock() {
    if (mock != null) {
      mock.close();
    }
  }

  @Test
  void aVerifyThatFailsOnceResumesTheSessionWithTheCheckAndThenPasses() throws IOException {
    // The check prints a mock directive: resumed with its output, the mock has codex fix it.
    Path tasks =
        writeTasks(
            """
              - name: fixme
                verify: "echo '@mock cmd=echo fixed > fixed.txt'; test -f fixed.txt"
                verify_rounds: 3
                prompt: |
                  Make the check pass VERIFY-ONE.
                  @mock reply=done, I think
            """);

    Launcher.Result result = codexPar("run", tasks.toString(), "--dir", runDir.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(work.resolve("fixed.txt")).exists();
    JsonNode meta = meta("fixme");
    assertThat(meta.path("status").asText()).isEqualTo("done");
    assertThat(meta.path("verify_rounds").findValuesAsText("exit_code")).containsExactly("1", "0");
    assertThat(meta.path("turns").findValuesAsText("kind")).containsExactly("start", "verify_fix");
    assertThat(meta.path("turns").findValuesAsText("status")).containsExactly("done", "done");
    String session = meta.path("session_id").asText();
    assertThat(meta.path("turns").findValuesAsText("session_id")).containsOnly(session);
    // the fix turn carried the first turn and the check's output
    RecordedRequest fix = mock.requestsWithPromptContaining("The check `echo").get(0);
    assertThat(inputTexts(fix))
        .anySatisfy(t -> assertThat(t).startsWith("Make the check pass VERIFY-ONE."))
        .anySatisfy(t -> assertThat(t).isEqualTo("done, I think"));
    // the latest answer is the output; the first one is kept as its turn's file
    assertThat(runDir.resolve("outputs/fixme.turn-1.md")).hasContent("done, I think");
    assertThat(runDir.resolve("outputs/fixme.md"))
        .hasContent(Files.readString(runDir.resolve("outputs/fixme.turn-2.md")));
  }

  @Test
  void aVerifyThatKeepsFailingFailsTheTaskWithItsLastOutput() throws IOException {
    Path tasks =
        writeTasks(
            """
              - name: hopeless
                verify: "echo still-broken-ZETA; exit 3"
                verify_rounds: 2
                prompt: |
                  Try VERIFY-TWO.
                  @mock reply=tried
            """);

    Launcher.Result result = codexPar("run", tasks.toString(), "--dir", runDir.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    JsonNode meta = meta("hopeless");
    assertThat(meta.path("status").asText()).isEqualTo("failed");
    assertThat(meta.path("error").asText())
        .contains("failed after 2 rounds")
        .contains("exit code 3")
        .contains("still-broken-ZETA");
    assertThat(meta.path("verify_rounds").size()).isEqualTo(2);
    assertThat(meta.path("turns").findValuesAsText("kind")).containsExactly("start", "verify_fix");
    assertThat(mock.requestsWithPromptContaining("still-broken-ZETA")).hasSize(1);
  }

  @Test
  void aForkBeginsWithItsUpstreamsConversation() throws IOException {
    Path tasks =
        writeTasks(
            """
              - name: up
                prompt: |
                  Read everything FORK-UP.
                  @mock reply=upstream found GAMMA
              - name: down
                fork_from: up
                prompt: |
                  Go on from there FORK-DOWN.
                  @mock reply=downstream DELTA
            """);

    Launcher.Result result = codexPar("run", tasks.toString(), "--dir", runDir.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode down = meta("down");
    assertThat(down.path("argv").toString()).contains("\"fork\"");
    assertThat(down.path("turns").findValuesAsText("kind")).containsExactly("fork");
    assertThat(down.path("session_id").asText())
        .isNotBlank()
        .isNotEqualTo(meta("up").path("session_id").asText());
    assertThat(runDir.resolve("outputs/down.md")).hasContent("downstream DELTA");
    RecordedRequest request = mock.requestsWithPromptContaining("FORK-DOWN").get(0);
    assertThat(inputTexts(request))
        .anySatisfy(t -> assertThat(t).startsWith("Read everything FORK-UP."))
        .anySatisfy(t -> assertThat(t).isEqualTo("upstream found GAMMA"));
  }

  @Test
  void askContinuesAFinishedTasksSessionAndRefusesATaskWithoutOne() throws IOException {
    Path tasks =
        writeTasks(
            """
              - name: first
                prompt: |
                  Remember ASK-ONE.
                  @mock reply=first answer ALPHA
              - name: broken
                prompt: |
                  Break ASK-BROKEN.
                  @mock fail=invalid_prompt:no
              - name: never
                depends_on: [broken]
                prompt: never runs
            """);
    Launcher.Result run =
        codexPar("run", tasks.toString(), "--dir", runDir.toString(), "--keep-going");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    String session = meta("first").path("session_id").asText();

    Launcher.Result asked =
        codexPar(
            "ask",
            "first",
            "Follow up ASK-TWO.\n@mock reply=second answer BETA",
            "--dir",
            runDir.toString());

    assertThat(asked.exitCode()).as(asked.toString()).isZero();
    // one start line: the new turn's process
    assertThat(asked.out().split("start     first", -1)).hasSize(2);
    assertThat(asked.out()).contains("done      first").contains("second answer BETA");
    assertThat(runDir.resolve("outputs/first.md")).hasContent("second answer BETA");
    assertThat(runDir.resolve("outputs/first.turn-1.md")).hasContent("first answer ALPHA");
    JsonNode meta = meta("first");
    assertThat(meta.path("status").asText()).isEqualTo("done");
    assertThat(meta.path("session_id").asText()).isEqualTo(session);
    assertThat(meta.path("turns").findValuesAsText("kind")).containsExactly("start", "follow_up");
    RecordedRequest request = mock.requestsWithPromptContaining("ASK-TWO").get(0);
    assertThat(inputTexts(request))
        .anySatisfy(t -> assertThat(t).startsWith("Remember ASK-ONE."))
        .anySatisfy(t -> assertThat(t).isEqualTo("first answer ALPHA"));
    // the log goes on: both turns' events are in it
    assertThat(Files.readString(runDir.resolve("logs/first.jsonl")).split("turn.completed", -1))
        .hasSize(3);
    // the run's other tasks stay as they ended
    assertThat(meta("broken").path("status").asText()).isEqualTo("failed");

    Launcher.Result refused = codexPar("ask", "never", "hello", "--dir", runDir.toString());
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(refused.err()).contains("task 'never'").contains("no codex session");
  }

  /** Every input text of a request, in order (messages' texts, function call outputs). */
  static List<String> inputTexts(RecordedRequest request) {
    List<String> texts = new ArrayList<>();
    for (JsonNode item : request.body().path("input")) {
      item.path("content").findValuesAsText("text").forEach(texts::add);
      if (item.has("output")) {
        texts.add(item.path("output").asText());
      }
    }
    return texts;
  }

  private Path writeTasks(String tasksBlock) throws IOException {
    Path file = tmp.resolve("project/tasks.yaml");
    Files.writeString(file, codex.tasksYaml(tasksBlock));
    return file;
  }

  /** Runs {@code ./codex-par ARGS} with the real codex pointed at the mock. */
  private Launcher.Result codexPar(String... args) {
    return Launcher.run(tmp, env(), Duration.ofMinutes(3), args);
  }

  private Map<String, String> env() {
    return codex.cliEnvironment();
  }

  private JsonNode meta(String task) throws IOException {
    return JSON.readTree(runDir.resolve("logs/" + task + ".meta.json").toFile());
  }
}
