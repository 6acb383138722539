package dev.codexpar.codex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codexpar.model.RetryReason;
import dev.codexpar.model.Sandbox;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.VerifyRound;
import dev.codexpar.model.VerifySpec;
import dev.codexpar.process.ProcessTree;
import dev.codexpar.process.VerifyRunner;
import dev.codexpar.run.RetryStart;
import dev.codexpar.run.VerifyLoop;
import dev.codexpar.testing.CodexProcess;
import dev.codexpar.testing.CodexTestEnv;
import dev.codexpar.testing.MockModelServer;
import dev.codexpar.testing.MockModelServer.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real codex 0.169 against {@link MockModelServer}, launched with {@link ArgvBuilder}'s argv: a
 * resumed turn and a fork carry the earlier conversation in their model request (the mock's request
 * log), in the same {@code CODEX_HOME}; a retry after a 5xx resumes the session with the command it
 * had run; a failing verify round resumes the session with the check's output, and the next round
 * passes. The engine's part is played by this test: it calls the pure policies ({@link VerifyLoop},
 * {@link RetryStart}) and the argv builder as the engine is to.
 */
class SessionTurnsCodexTest {
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

  private static MockModelServer mock;
  private static CodexCapabilities caps;
  private CodexTestEnv env;
  private Path work;
  private final List<CodexProcess> started = new ArrayList<>();

  @BeforeAll
  static void startMock() {
    assumeTrue(CodexTestEnv.codexAvailable(), "system property codex.bin: no codex binary");
    mock = MockModelServer.start();
    caps = CodexProbe.system().probe(CodexTestEnv.codexBin());
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
    work = Files.createTempDirectory("codex-session-");
  }

  @AfterEach
  void tearDown() {
    started.forEach(CodexProcess::close);
    env.close();
    CodexTestEnv.deleteTree(work);
  }

  private TaskSpec spec(Sandbox sandbox) {
    return SpecBuilder.exec()
        .sandbox(sandbox)
        .model(CodexTestEnv.MODEL)
        .configOverrides(env.configOverrides().toArray(String[]::new))
        .skipGitRepoCheck()
        .build();
  }

  /** Runs one turn to its end in {@code cwd}; the same CODEX_HOME for every turn of a test. */
  private CodexProcess turn(List<String> argv, Path cwd, String prompt) {
    CodexProcess p =
        CodexProcess.start(env.applyTo(new ProcessBuilder(argv).directory(cwd.toFile())), prompt);
    started.add(p);
    p.awaitExit(RUN_TIMEOUT);
    return p;
  }

  private CodexProcess first(TaskSpec spec, String prompt, Path out) {
    return turn(ArgvBuilder.build(spec, caps, CodexTestEnv.codexBin(), out), work, prompt);
  }

  private static String threadId(CodexProcess p) {
    return p.events("thread.started").get(0).path("thread_id").asText();
  }

  /** Every input text of a request, in order (messages' texts, function call outputs). */
  private static List<String> inputTexts(RecordedRequest request) {
    List<String> texts = new ArrayList<>();
    for (JsonNode item : request.body().path("input")) {
      item.path("content").findValuesAsText("text").forEach(texts::add);
      if (item.has("output")) {
        texts.add(item.path("output").asText());
      }
    }
    return texts;
  }

  private static String tag() {
    return "session-" + UUID.randomUUID();
  }

  @Test
  void aResumedTurnCarriesTheEarlierTurnAndKeepsTheSession() throws IOException {
    String firstTag = tag();
    TaskSpec spec = spec(Sandbox.WORKSPACE_WRITE);
    CodexProcess one =
        first(spec, firstTag + "\n@mock reply=first answer ALPHA\n", work.resolve("t.md"));
    assertThat(one.process().exitValue()).as(one.stderrText()).isZero();
    String session = threadId(one);
    // where a follow-up must run (for a worktree task the only record of its folder)
    assertThat(SessionFiles.recordedCwd(env.codexHome(), session)).contains(work);
    assertThat(SessionFiles.codexHome(env.environment())).isEqualTo(env.codexHome());

    String secondTag = tag();
    Path out2 = work.resolve("t.turn-2.md");
    List<String> argv =
        ArgvBuilder.build(spec, caps, CodexTestEnv.codexBin(), out2, Continuation.resume(session));
    CodexProcess two = turn(argv, work, secondTag + "\n@mock reply=second answer BETA\n");

    assertThat(two.process().exitValue()).as(two.stderrText()).isZero();
    assertThat(argv.subList(argv.size() - 3, argv.size())).containsExactly("resume", session, "-");
    assertThat(threadId(two)).isEqualTo(session);
    assertThat(out2).hasContent("second answer BETA");
    RecordedRequest request = mock.requestsWithPromptContaining(secondTag).get(0);
    assertThat(inputTexts(request))
        .anySatisfy(t -> assertThat(t).startsWith(firstTag))
        .anySatisfy(t -> assertThat(t).isEqualTo("first answer ALPHA"));
    assertThat(request.prompt()).startsWith(secondTag);
  }

  @Test
  void aForkStartsANewSessionWithTheUpstreamConversationInAnotherFolder() throws IOException {
    String upTag = tag();
    CodexProcess up =
        first(
            spec(Sandbox.READ_ONLY),
            upTag + "\n@mock reply=upstream found GAMMA\n",
            work.resolve("up.md"));
    assertThat(up.process().exitValue()).as(up.stderrText()).isZero();
    Path elsewhere = Files.createDirectories(work.resolve("downstream"));

    String downTag = tag();
    List<String> argv =
        ArgvBuilder.build(
            spec(Sandbox.WORKSPACE_WRITE),
            caps,
            CodexTestEnv.codexBin(),
            elsewhere.resolve("down.md"),
            Continuation.fork(threadId(up)));
    CodexProcess down = turn(argv, elsewhere, downTag + "\n@mock reply=downstream DELTA\n");

    assertThat(down.process().exitValue()).as(down.stderrText()).isZero();
    assertThat(threadId(down)).isNotEqualTo(threadId(up));
    assertThat(elsewhere.resolve("down.md")).hasContent("downstream DELTA");
    RecordedRequest request = mock.requestsWithPromptContaining(downTag).get(0);
    List<String> texts = inputTexts(request);
    assertThat(texts)
        .anySatisfy(t -> assertThat(t).startsWith(upTag))
        .anySatisfy(t -> assertThat(t).isEqualTo("upstream found GAMMA"))
        // the fork runs in its own folder, with the sandbox given ahead of "fork"
        .anySatisfy(t -> assertThat(t).contains("<cwd>" + elsewhere + "</cwd>"))
        .anySatisfy(t -> assertThat(t).contains("`sandbox_mode` is `workspace-write`"));
  }

  @Test
  void aRetryAfterAServerErrorResumesTheSessionWithTheWorkDone() throws IOException {
    String tag = tag();
    TaskSpec spec = spec(Sandbox.WORKSPACE_WRITE);
    CodexProcess failed =
        first(
            spec,
            tag + "\n@mock cmd=echo step-one-done-EPSILON\n@mock http=500:busy\n",
            work.resolve("r.md"));
    assertThat(failed.process().exitValue()).isEqualTo(1);
    String error = failed.events("turn.failed").get(0).path("error").path("message").asText();
    RetryReason reason = FailureKind.of(error, failed.events().size());
    assertThat(reason).isEqualTo(RetryReason.SERVER_ERROR);

    RetryStart.Start start = RetryStart.of(reason, threadId(failed));

    assertThat(start).isInstanceOf(RetryStart.Resume.class);
    RetryStart.Resume resume = (RetryStart.Resume) start;
    CodexProcess retried =
        turn(
            ArgvBuilder.build(
                spec,
                caps,
                CodexTestEnv.codexBin(),
                work.resolve("r.md"),
                Continuation.resume(resume.sessionId())),
            work,
            resume.prompt());
    assertThat(retried.process().exitValue()).as(retried.stderrText()).isZero();
    RecordedRequest request = mock.requestsWithPromptContaining("cut off").get(0);
    assertThat(inputTexts(request))
        .anySatisfy(t -> assertThat(t).startsWith(tag))
        .anySatisfy(t -> assertThat(t).contains("step-one-done-EPSILON"));
  }

  @Test
  void aFailingVerifyRoundResumesTheSessionWithTheCheckAndTheNextRoundPasses() throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    ExecutorService io = Executors.newCachedThreadPool();
    try {
      VerifyRunner runner = new VerifyRunner(new ProcessTree(timer), timer, io, Clock.systemUTC());
      // The check prints a mock directive: resumed with its output, the mock has codex fix it.
      VerifySpec verify =
          new VerifySpec(
              "echo '@mock cmd=echo fixed > fixed.txt'; test -f fixed.txt",
              2,
              Duration.ofSeconds(30));
      TaskSpec spec = spec(Sandbox.WORKSPACE_WRITE);
      CodexProcess one = first(spec, tag() + "\n@mock reply=done, I think\n", work.resolve("v.md"));
      assertThat(one.process().exitValue()).as(one.stderrText()).isZero();

      List<VerifyRound> rounds = new ArrayList<>();
      rounds.add(check(runner, verify, 1));
      VerifyLoop.Decision decision = VerifyLoop.next(verify, rounds);

      assertThat(decision).isInstanceOf(VerifyLoop.Resume.class);
      VerifyLoop.Resume fix = (VerifyLoop.Resume) decision;
      CodexProcess two =
          turn(
              ArgvBuilder.build(
                  spec,
                  caps,
                  CodexTestEnv.codexBin(),
                  work.resolve("v.turn-2.md"),
                  Continuation.resume(threadId(one))),
              work,
              fix.prompt());
      assertThat(two.process().exitValue()).as(two.stderrText()).isZero();
      assertThat(work.resolve("fixed.txt")).exists();
      RecordedRequest request = mock.requestsWithPromptContaining("The check `echo").get(0);
      assertThat(request.prompt()).contains("exit code 1").contains("round 2 of 2");
      rounds.add(check(runner, verify, fix.nextRound()));
      assertThat(VerifyLoop.next(verify, rounds)).isEqualTo(new VerifyLoop.Pass());
    } finally {
      timer.shutdownNow();
      io.shutdownNow();
    }
  }

  private VerifyRound check(VerifyRunner runner, VerifySpec verify, int round) throws Exception {
    return runner
        .start(verify.command(), work, Map.of(), verify.timeout(), round)
        .result()
        .get(verify.timeout().toSeconds(), TimeUnit.SECONDS);
  }
}
