package dev.codexpar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexpar.git.RunWorktrees;
import dev.codexpar.git.TestRepo;
import dev.codexpar.git.Worktrees;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.RunStatus;
import dev.codexpar.model.TaskFigures;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.model.WorktreeInfo;
import dev.codexpar.store.RunFolder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code diff}, {@code merge} and {@code clean} on a run folder whose tasks have worktrees in a
 * real repository, run in-process as {@link Main} runs them.
 */
class WorktreeCommandsTest {
  private static final String RUN_ID = "20261201-120000-ab12";

  @TempDir Path tmp;

  private TestRepo repo;
  private Path runDir;
  private RunWorktrees worktrees;
  private final List<TaskSnapshot> tasks = new ArrayList<>();

  record Result(int exitCode, String out, String err) {}

  @BeforeEach
  void runWithWorktrees() {
    repo = TestRepo.withCommit(tmp);
    runDir = tmp.resolve("run");
    worktrees = new RunWorktrees(new Worktrees(repo.git), RUN_ID, runDir);
    task("a", 0, List.of(), Map.of("a.txt", "from a\n"));
    task("c", 0, List.of(), Map.of("shared.txt", "C\n"));
    task("d", 0, List.of(), Map.of("shared.txt", "D\n"));
    task("b", 1, List.of("a"), Map.of("b.txt", "from b, after " + "a\n"));
    writeRun();
  }

  private void task(String name, int wave, List<String> deps, Map<String, String> files) {
    List<TaskSnapshot> dependencies = tasks.stream().filter(t -> deps.contains(t.name())).toList();
    RunWorktrees.Prepared prepared = worktrees.prepare(name, repo.top, dependencies);
    files.forEach((file, text) -> TestRepo.write(prepared.cwd(), file, text));
    WorktreeInfo committed = worktrees.commit(name, prepared.worktree(), "wrote " + files.keySet());
    tasks.add(snapshot(name, wave, deps, TaskStatus.DONE, committed));
  }

  private static TaskSnapshot snapshot(
      String name, int wave, List<String> deps, TaskStatus status, WorktreeInfo worktree) {
    Instant at = Instant.parse("2026-12-01T12:00:00Z");
    return new TaskSnapshot(
        name,
        wave,
        deps,
        status,
        null,
        null,
        at,
        at.plusSeconds(1),
        TaskFigures.EMPTY,
        0,
        null,
        null,
        name,
        name,
        List.of(),
        worktree,
        List.of(),
        List.of(),
        null,
        List.of());
  }

  private void writeRun() {
    RunFolder folder = new RunFolder(runDir);
    folder.createLayout();
    tasks.forEach(t -> folder.writeTask(RUN_ID, t));
    Instant at = Instant.parse("2026-12-01T12:00:00Z");
    folder.writeRun(
        new RunSnapshot(
            RUN_ID, runDir, RunStatus.DONE, at, at.plusSeconds(2), tasks, false, false, false, 1));
  }

  private Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = CommandLineSetup.configure(new CommandLine(CodexParCommand.class));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    List<String> argv = new ArrayList<>(List.of(args));
    argv.addAll(List.of("--dir", runDir.toString()));
    int code = cli.execute(argv.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void theTaskMetaRecordsTheWorktree() {
    TaskSnapshot read = new RunFolder(runDir).readTask("b").orElseThrow();
    assertThat(read.worktree()).isEqualTo(tasks.get(3).worktree());
    assertThat(read.worktree().branch()).isEqualTo("codex-par/" + RUN_ID + "/b");
    assertThat(read.worktree().filesChanged()).isEqualTo(1);
  }

  @Test
  void diffPrintsTheTasksOwnChangeAndItsStat() {
    Result diff = cli("diff", "b");
    assertThat(diff.exitCode()).as(diff.toString()).isZero();
    assertThat(diff.out()).contains("+++ b/b.txt", "+from b, after a").doesNotContain("a.txt");
    Result stat = cli("diff", "b", "--stat");
    assertThat(stat.out()).contains("b.txt", "1 file changed, 1 insertion(+)");
  }

  @Test
  void diffOfAnUnknownTaskIsAUsageErrorWithTheClosestName() {
    Result r = cli("diff", "bb");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("no task 'bb'", "did you mean");
  }

  @Test
  void mergeOfTheCleanTasksInDependencyOrderThenAConflictIsExit3WithTheRepositoryUnchanged()
      throws Exception {
    String start = repo.head();
    // named out of order: merged in dependency order
    Result merged = cli("merge", "b", "a");
    assertThat(merged.exitCode()).as(merged.toString()).isZero();
    assertThat(merged.out()).contains("merged a, b into main");
    assertThat(repo.head()).isNotEqualTo(start);
    assertThat(repo.top.resolve("b.txt")).hasContent("from b, after a");
    assertThat(repo.status()).isEmpty();

    TestRepo.State before = repo.state();
    Result conflict = cli("merge", "c", "d");
    assertThat(conflict.exitCode()).as(conflict.toString()).isEqualTo(ExitCode.MERGE_REFUSED);
    assertThat(conflict.err()).contains("task d", "shared.txt");
    assertThat(repo.state()).isEqualTo(before);
    repo.assertNoMergeInProgress();
    assertThat(Files.readString(repo.top.resolve("shared.txt"))).isEqualTo("one\ntwo\nthree\n");
  }

  @Test
  void mergeIntoANewBranchAndUsageErrors() {
    String start = repo.head();
    Result into = cli("merge", "a", "b", "--into", "review/ab", "--squash");
    assertThat(into.exitCode()).as(into.toString()).isZero();
    assertThat(into.out()).contains("created branch review/ab");
    assertThat(repo.head()).isEqualTo(start);
    assertThat(repo.git.ok(repo.top, "ls-tree", "--name-only", "review/ab")).contains("b.txt");

    assertThat(cli("merge").exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(cli("merge", "a", "--all").exitCode()).isEqualTo(ExitCode.USAGE);
    Result conflictAll = cli("merge", "--all");
    assertThat(conflictAll.exitCode()).isEqualTo(ExitCode.MERGE_REFUSED);
    assertThat(repo.head()).isEqualTo(start);
  }

  @Test
  void cleanRemovesTheWorktreesAndWithBranchesTheBranches() {
    Result clean = cli("clean");
    assertThat(clean.exitCode()).as(clean.toString()).isZero();
    assertThat(clean.out()).contains("removed worktree " + runDir.resolve("worktrees/a"));
    assertThat(runDir.resolve("worktrees")).doesNotExist();
    assertThat(repo.worktreeList()).doesNotContain("codex-par/");
    assertThat(repo.branches("codex-par/")).hasSize(4);
  }

  @Test
  void aNewRunMovesTheEarlierRunsWorktreesAsideAndCleanRemovesThemThere() {
    RunFolder folder = new RunFolder(runDir);
    RunSnapshot earlier = folder.read().orElseThrow();
    Path archive = folder.archivePrevious().orElseThrow();
    List<Path> moved =
        RunWorktrees.archive(
            new Worktrees(repo.git), earlier.runId(), earlier.tasks(), runDir, archive);
    assertThat(moved).hasSize(4).allMatch(p -> p.startsWith(archive.resolve("worktrees")));
    assertThat(runDir.resolve("worktrees")).doesNotExist();
    assertThat(archive.resolve("worktrees/a/a.txt")).hasContent("from a");
    // git knows where they went: a new run may use the names, and they stay usable
    assertThat(repo.worktreeList()).contains(archive.resolve("worktrees/a").toString());
    assertThat(repo.git.ok(archive.resolve("worktrees/a"), "status", "--porcelain")).isEmpty();

    Result clean = cli("clean", "--branches");
    assertThat(clean.exitCode()).as(clean.toString()).isZero();
    assertThat(repo.worktreeList()).doesNotContain("codex-par/");
    assertThat(repo.branches("codex-par/")).isEmpty();
  }

  @Test
  void cleanBranchesDeletesThem() {
    Result clean = cli("clean", "--branches");
    assertThat(clean.exitCode()).as(clean.toString()).isZero();
    assertThat(clean.out()).contains("deleted branch codex-par/" + RUN_ID + "/a");
    assertThat(repo.branches("codex-par/")).isEmpty();
    assertThat(repo.worktreeList()).doesNotContain("codex-par/");
  }
}
