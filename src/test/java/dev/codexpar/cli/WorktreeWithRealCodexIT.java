package dev.codexpar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.codexpar.git.TestRepo;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.model.WorktreeInfo;
import dev.codexpar.store.RunFolder;
import dev.codexpar.testing.CodexTestEnv;
import dev.codexpar.testing.Launcher;
import dev.codexpar.testing.MockModelServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./codex-par run} of a {@code worktree: true} task with the real codex 0.169 CLI, offline
 * against {@link MockModelServer}, whose scenario makes codex run a shell command that writes a
 * file: the file lands in the task's worktree and on its branch, never in the repository's working
 * tree, until {@code merge} brings it there.
 */
class WorktreeWithRealCodexIT {
  @TempDir Path tmp;
  private MockModelServer mock;
  private CodexTestEnv codex;
  private TestRepo repo;
  private Path runDir;

  @BeforeEach
  void startMock() throws IOException {
    assumeTrue(CodexTestEnv.codexAvailable(), "real codex not installed (codex.bin)");
    mock = MockModelServer.start();
    codex = CodexTestEnv.create(mock.baseUrl(), tmp.resolve("codex-home"));
    repo = TestRepo.withCommit(tmp.resolve("project"));
    Files.createDirectories(tmp.resolve("project/work")); // the mock defaults' cwd
    runDir = tmp.resolve("run");
  }

  @AfterEach
  void stopMock() {
    if (mock != null) {
      mock.close();
    }
  }

  @Test
  void codexWritesInTheTasksWorktreeItsCommitIsOnTheBranchAndMergeBringsItHome()
      throws IOException {
    String start = repo.head();
    Path tasks = tmp.resolve("project/tasks.yaml");
    Files.writeString(
        tasks,
        codex.tasksYaml(
            """
              - name: writer
                worktree: true
                cwd: repo
                prompt: |
                  Write the greeting.
                  @mock cmd=printf 'hello from codex\\n' > greeting.txt
                  @mock reply=Wrote greeting.txt\\nas asked
            """));

    Launcher.Result run = codexPar("run", tasks.toString(), "--dir", runDir.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    RunSnapshot last = new RunFolder(runDir).read().orElseThrow();
    TaskSnapshot writer = new RunFolder(runDir).readTask("writer").orElseThrow();
    assertThat(writer.status()).isEqualTo(TaskStatus.DONE);
    assertThat(writer.figures().commands()).isEqualTo(1);
    WorktreeInfo w = writer.worktree();
    assertThat(w.path()).isEqualTo(runDir.resolve("worktrees/writer").toRealPath());
    assertThat(w.branch()).isEqualTo("codex-par/" + last.runId() + "/writer");
    // codex was told its cwd is the worktree, and its command wrote there
    assertThat(mock.requestsWithPromptContaining("Write the greeting.").get(0).body().toString())
        .contains(w.path().toString());
    assertThat(w.path().resolve("greeting.txt")).hasContent("hello from codex");
    // the repository's own working tree and branch are untouched
    assertThat(repo.top.resolve("greeting.txt")).doesNotExist();
    assertThat(repo.status()).isEmpty();
    assertThat(repo.head()).isEqualTo(start);
    assertThat(repo.branch()).isEqualTo("main");
    // the task's commit is on its branch: base..head holds the file, the message its output
    assertThat(w.base()).isEqualTo(start);
    assertThat(w.committed()).isTrue();
    assertThat(repo.git.ok(repo.top, "rev-parse", w.branch()).strip()).isEqualTo(w.head());
    assertThat(repo.git.ok(repo.top, "rev-parse", w.head() + "~1").strip()).isEqualTo(start);
    assertThat(repo.git.ok(repo.top, "log", "-1", "--format=%s", w.branch()).strip())
        .isEqualTo("writer: Wrote greeting.txt");
    assertThat(repo.git.ok(repo.top, "show", w.branch() + ":greeting.txt"))
        .isEqualTo("hello from codex\n");
    assertThat(List.of(w.filesChanged(), w.insertions(), w.deletions())).containsExactly(1, 1L, 0L);

    Launcher.Result diff = codexPar("diff", "writer", "--dir", runDir.toString());
    assertThat(diff.exitCode()).as(diff.toString()).isZero();
    assertThat(diff.out()).contains("+++ b/greeting.txt", "+hello from codex");

    Launcher.Result merge = codexPar("merge", "writer", "--dir", runDir.toString());
    assertThat(merge.exitCode()).as(merge.toString()).isZero();
    assertThat(merge.out()).contains("merged writer into main");
    assertThat(repo.top.resolve("greeting.txt")).hasContent("hello from codex");
    assertThat(repo.head()).isEqualTo(w.head());
    assertThat(repo.status()).isEmpty();
  }

  @Test
  void aRetryThatResumesTheSessionKeepsWhatTheCutOffTurnWroteInTheWorktree() throws IOException {
    Path tasks = tmp.resolve("project/tasks.yaml");
    Files.writeString(
        tasks,
        codex.tasksYaml(
            """
              - name: limited
                worktree: true
                cwd: repo
                retries: 2
                retry_delay: 100ms
                prompt: |
                  Write, then get cut off.
                  @mock cmd=printf 'kept\\n' > kept.txt
                  @mock http=429
                  @mock times=1
            """));

    Launcher.Result run = codexPar("run", tasks.toString(), "--dir", runDir.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    TaskSnapshot limited = new RunFolder(runDir).readTask("limited").orElseThrow();
    assertThat(limited.turns()).extracting(t -> t.kind().name()).containsExactly("START", "RETRY");
    // the resumed session is told to go on from where it stopped: its worktree was not reset
    WorktreeInfo w = limited.worktree();
    assertThat(repo.git.ok(repo.top, "show", "--name-only", "--format=", w.head()).lines())
        .containsExactly("kept.txt");
    assertThat(repo.top.resolve("kept.txt")).doesNotExist();
  }

  /** Runs {@code ./codex-par ARGS} with the real codex pointed at the mock. */
  private Launcher.Result codexPar(String... args) {
    return Launcher.run(tmp, codex.cliEnvironment(), Duration.ofMinutes(3), args);
  }
}
