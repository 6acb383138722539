package dev.codexpar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codexpar.git.TestRepo;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.model.WorktreeInfo;
import dev.codexpar.store.RunFolder;
import dev.codexpar.testing.FakeCodexScript;
import dev.codexpar.testing.ReportData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code run} of {@code worktree: true} tasks end to end, in-process as {@link Main} runs it: the
 * fake codex really writes files in the folder codex-par runs it in, real git makes, commits,
 * merges and cleans the worktrees.
 */
class WorktreeRunTest {
  @TempDir Path tmp;

  private TestRepo repo;

  record Result(int exitCode, String out, String err) {}

  @BeforeEach
  void repository() {
    repo = TestRepo.withCommit(tmp);
  }

  private Path tasksFile(String name, String tasks) throws IOException {
    Path file = tmp.resolve(name);
    Files.writeString(
        file, "defaults:\n  worktree: true\n  cwd: " + repo.top + "\ntasks:\n" + tasks);
    return file;
  }

  private static Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = CommandLineSetup.configure(new CommandLine(CodexParCommand.class));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  private static Result run(Path tasks, Path dir) {
    return cli(
        "run",
        tasks.toString(),
        "--dir",
        dir.toString(),
        "-j",
        "4",
        "--codex-bin",
        FakeCodexScript.path().toString());
  }

  /** {@code git worktree list}, but for the commits (the merge moved the repository's HEAD). */
  private List<String> worktrees() {
    return repo.worktreeList().lines().filter(l -> !l.startsWith("HEAD ")).toList();
  }

  private static TaskSnapshot task(Path dir, String name) {
    return new RunFolder(dir).readTask(name).orElseThrow();
  }

  @Test
  void parallelTasksWriteInTheirOwnWorktreesAndComeBackByMerge() throws IOException {
    List<String> worktreesBefore = worktrees();
    String start = repo.head();
    repo.write("README", "edited, not committed\n"); // a dirty repository is fine
    Path tasks =
        tasksFile(
            "tasks.yaml",
            """
              - {name: a, prompt: 'FAKE: write=a.txt:from-a'}
              - {name: c, prompt: 'FAKE: write=shared.txt:C'}
              - {name: d, prompt: 'FAKE: write=shared.txt:D'}
              - {name: b, depends_on: [a], prompt: 'FAKE: write=b.txt:after-a'}
            """);
    Path dir = tmp.resolve("run");

    Result run = run(tasks, dir);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("uncommitted changes in " + repo.top + " are not in the worktrees");
    RunSnapshot last = new RunFolder(dir).read().orElseThrow();
    assertThat(last.tasks()).allMatch(t -> t.status() == TaskStatus.DONE);
    // codex ran in the worktree, not in the repository, and no codex --worktree was passed
    WorktreeInfo a = task(dir, "a").worktree();
    assertThat(a.path()).isEqualTo(dir.resolve("worktrees/a").toRealPath());
    assertThat(a.branch()).isEqualTo("codex-par/" + last.runId() + "/a");
    assertThat(a.base()).isEqualTo(start);
    assertThat(a.committed()).isTrue();
    assertThat(List.of(a.filesChanged(), a.insertions(), a.deletions())).containsExactly(1, 1L, 0L);
    assertThat(task(dir, "a").argv()).doesNotContain("--worktree");
    assertThat(a.path().resolve("a.txt")).hasContent("from-a");
    assertThat(repo.git.ok(a.path(), "log", "-1", "--format=%s").strip())
        .isEqualTo("a: wrote a.txt");
    WorktreeInfo c = task(dir, "c").worktree();
    assertThat(List.of(c.filesChanged(), c.insertions(), c.deletions())).containsExactly(1, 1L, 3L);
    // the dependant started from its dependency's head and saw its file
    WorktreeInfo b = task(dir, "b").worktree();
    assertThat(b.base()).isEqualTo(a.head());
    assertThat(b.path().resolve("a.txt")).hasContent("from-a");
    // the repository's own working tree and branch are untouched
    assertThat(repo.head()).isEqualTo(start);
    assertThat(repo.branch()).isEqualTo("main");
    assertThat(repo.status()).isEqualTo(" M README\n");

    Result merged = cli("merge", "b", "a", "c", "--dir", dir.toString());
    assertThat(merged.exitCode()).as(merged.toString()).isZero();
    assertThat(repo.top.resolve("b.txt")).hasContent("after-a");
    assertThat(repo.top.resolve("shared.txt")).hasContent("C");
    assertThat(repo.top.resolve("README")).hasContent("edited, not committed");

    TestRepo.State before = repo.state();
    Result conflict = cli("merge", "d", "--dir", dir.toString());
    assertThat(conflict.exitCode()).as(conflict.toString()).isEqualTo(ExitCode.MERGE_REFUSED);
    assertThat(conflict.err()).contains("task d", "shared.txt");
    assertThat(repo.state()).isEqualTo(before);
    repo.assertNoMergeInProgress();

    Result clean = cli("clean", "--branches", "--dir", dir.toString());
    assertThat(clean.exitCode()).as(clean.toString()).isZero();
    assertThat(worktrees()).isEqualTo(worktreesBefore);
    assertThat(repo.branches("codex-par/")).isEmpty();
  }

  /**
   * The report shows each worktree task's +/- lines as git counted them for its commit (the figures
   * its meta holds, which the dashboard shows too).
   */
  @Test
  void theReportShowsTheLinesEachWorktreeTaskChanged() throws IOException {
    Path tasks =
        tasksFile(
            "tasks.yaml",
            """
              - {name: add, prompt: 'FAKE: write=new.txt:from-add'}
              - {name: replace, prompt: 'FAKE: write=shared.txt:R'}
            """);
    Path dir = tmp.resolve("run");
    assertThat(run(tasks, dir).exitCode()).isZero();

    Result report = cli("report", "--dir", dir.toString());

    assertThat(report.exitCode()).as(report.toString()).isZero();
    JsonNode data = ReportData.of(dir.resolve("report.html"));
    for (String name : List.of("add", "replace")) {
      WorktreeInfo w = task(dir, name).worktree();
      String[] numstat =
          repo.git.ok(repo.top, "diff", "--numstat", w.base(), w.head()).strip().split("\\s+");
      JsonNode shown = ReportData.task(data, name).get("worktree");
      assertThat(shown.get("insertions").asLong() + "/" + shown.get("deletions").asLong())
          .as(name + "'s lines as git counts them")
          .isEqualTo(numstat[0] + "/" + numstat[1]);
    }
    assertThat(ReportData.task(data, "replace").get("worktree").get("deletions").asLong())
        .isEqualTo(3);
  }

  @Test
  void aConflictBetweenTheDependenciesFailsTheDependantNamingTheFilesAndStartsNoProcess()
      throws IOException {
    Path tasks =
        tasksFile(
            "tasks.yaml",
            """
              - {name: c, prompt: 'FAKE: write=shared.txt:C'}
              - {name: d, prompt: 'FAKE: write=shared.txt:D'}
              - {name: join, depends_on: [c, d], prompt: 'FAKE: ok'}
            """);
    Path dir = tmp.resolve("run");

    Result run = run(tasks, dir);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    TaskSnapshot join = task(dir, "join");
    assertThat(join.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(join.error()).contains("task join", "shared.txt");
    assertThat(join.pid()).isNull();
    assertThat(join.worktree()).isNull();
    assertThat(repo.branches("codex-par/")).hasSize(2);
  }

  @Test
  void aRetryStartsOverInAWorktreeBackAtItsBaseAndCommitsOnlyItsOwnWork() throws IOException {
    String start = repo.head();
    // Each first attempt leaves something behind and dies at start-up (a transient failure, so
    // retried as it was launched): an untracked file, and an edit of a tracked one.
    Path tasks =
        tasksFile(
            "tasks.yaml",
            """
              - name: untracked
                retries: 1
                retry_delay: 10ms
                prompt: 'FAKE: crash-once=scratch.txt:final.txt:FINAL'
              - name: tracked
                retries: 1
                retry_delay: 10ms
                prompt: 'FAKE: crash-once=shared.txt:other.txt:OTHER'
            """);
    Path dir = tmp.resolve("run");

    Result run = run(tasks, dir);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    for (String[] t :
        List.of(
            new String[] {"untracked", "scratch.txt", "final.txt", "FINAL"},
            new String[] {"tracked", "shared.txt", "other.txt", "OTHER"})) {
      String name = t[0];
      TaskSnapshot task = task(dir, name);
      assertThat(task.status()).as(name).isEqualTo(TaskStatus.DONE);
      assertThat(task.attempts()).as(name).isEqualTo(2);
      assertThat(task.attemptErrors().get(0)).as(name).startsWith("attempt 1 (startup)");
      WorktreeInfo w = task.worktree();
      // the first attempt really wrote into the task's worktree before it died
      assertThat(dir.resolve("logs/" + name + ".attempt-1.stderr.log"))
          .content()
          .contains("crashed after writing " + w.path().resolve(t[1]));
      // the retry started from the base: the leftover is gone, and the commit holds only its work
      assertThat(w.base()).isEqualTo(start);
      assertThat(repo.git.ok(w.path(), "rev-parse", "HEAD~1").strip()).isEqualTo(start);
      assertThat(repo.git.ok(w.path(), "show", "--name-only", "--format=", "HEAD").lines())
          .as(name)
          .containsExactly(t[2]);
      assertThat(List.of(w.filesChanged(), w.insertions(), w.deletions()))
          .as(name)
          .containsExactly(1, 1L, 0L);
      assertThat(w.path().resolve(t[2])).hasContent(t[3]);
      assertThat(repo.git.ok(w.path(), "status", "--porcelain", "--ignored")).as(name).isEmpty();
    }
    assertThat(task(dir, "untracked").worktree().path().resolve("scratch.txt")).doesNotExist();
    assertThat(Files.readString(task(dir, "tracked").worktree().path().resolve("shared.txt")))
        .isEqualTo("one\ntwo\nthree\n");
    assertThat(repo.status()).isEmpty();
  }

  @Test
  void twoRunsOnOneRepositoryAtOnce() throws Exception {
    List<CompletableFuture<Result>> runs = new ArrayList<>();
    for (String name : List.of("one", "two")) {
      Path tasks =
          tasksFile(
              name + ".yaml",
              """
                - {name: x, prompt: 'FAKE: write=x.txt:X'}
                - {name: y, prompt: 'FAKE: write=y.txt:Y'}
                - {name: z, depends_on: [x, y], prompt: 'FAKE: write=z.txt:Z'}
              """);
      runs.add(CompletableFuture.supplyAsync(() -> run(tasks, tmp.resolve(name))));
    }
    for (CompletableFuture<Result> r : runs) {
      Result result = r.get();
      assertThat(result.exitCode()).as(result.toString()).isZero();
    }
    assertThat(repo.branches("codex-par/")).hasSize(6);
    for (String name : List.of("one", "two")) {
      WorktreeInfo z = task(tmp.resolve(name), "z").worktree();
      assertThat(z.path().resolve("x.txt")).hasContent("X");
      assertThat(z.path().resolve("y.txt")).hasContent("Y");
      assertThat(z.path().resolve("z.txt")).hasContent("Z");
    }
    assertThat(repo.status()).isEmpty();
  }
}
