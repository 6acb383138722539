package dev.codexpar.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codexpar.model.TaskFigures;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.model.WorktreeInfo;
import dev.codexpar.store.Chunk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Worktree tasks against real git: create, commit, diff, merge, clean, and refusals. */
class RunWorktreesTest {
  @TempDir Path tmp;

  private TestRepo repo;
  private Worktrees worktrees;
  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @BeforeEach
  void repository() {
    repo = TestRepo.withCommit(tmp);
    worktrees = new Worktrees(repo.git);
  }

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private RunWorktrees run(String runId) {
    return new RunWorktrees(worktrees, runId, tmp.resolve("runs").resolve(runId));
  }

  /** Prepares, lets the "agent" write files in the task's folder, and commits: a done task. */
  private TaskSnapshot doneTask(
      RunWorktrees run, String name, Map<String, String> files, List<TaskSnapshot> dependencies) {
    RunWorktrees.Prepared prepared = run.prepare(name, repo.top, dependencies);
    files.forEach((file, text) -> TestRepo.write(prepared.cwd(), file, text));
    WorktreeInfo committed = run.commit(name, prepared.worktree(), "did " + name + "\nmore");
    return done(name, committed);
  }

  private static TaskSnapshot done(String name, WorktreeInfo worktree) {
    return new TaskSnapshot(
        name,
        0,
        List.of(),
        TaskStatus.DONE,
        null,
        null,
        null,
        null,
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

  private <T> List<T> inParallel(List<Callable<T>> jobs) throws Exception {
    List<Future<T>> futures = new ArrayList<>();
    jobs.forEach(job -> futures.add(pool.submit(job)));
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      results.add(f.get(2, TimeUnit.MINUTES));
    }
    return results;
  }

  private static Worktrees.TaskHead head(TaskSnapshot task) {
    return new Worktrees.TaskHead(task.name(), task.worktree().head());
  }

  @Test
  void parallelTasksWriteDifferentAndSameFilesThenTheCleanOnesMergeAndTheConflictIsRefused()
      throws Exception {
    RunWorktrees run = run("r1");
    String start = repo.head();
    TestRepo.State before = repo.state();
    List<TaskSnapshot> tasks =
        inParallel(
            List.of(
                () -> doneTask(run, "a", Map.of("a.txt", "from a\n"), List.of()),
                () ->
                    doneTask(
                        run, "b", Map.of("b.txt", "from b\n", "dir/b2.txt", "x\ny\n"), List.of()),
                () -> doneTask(run, "c", Map.of("shared.txt", "one\nC\nthree\n"), List.of()),
                () -> doneTask(run, "d", Map.of("shared.txt", "one\nD\nthree\n"), List.of())));
    TaskSnapshot a = tasks.get(0);
    TaskSnapshot b = tasks.get(1);
    TaskSnapshot c = tasks.get(2);
    TaskSnapshot d = tasks.get(3);

    // the repository's own working tree, index and branch saw nothing of it
    assertThat(repo.head()).isEqualTo(start);
    assertThat(repo.status()).isEqualTo(before.status()).isEmpty();
    assertThat(repo.branch()).isEqualTo("main");

    WorktreeInfo bInfo = b.worktree();
    assertThat(bInfo.path()).isEqualTo(TestRepo.realPath(tmp).resolve("runs/r1/worktrees/b"));
    assertThat(bInfo.branch()).isEqualTo("codex-par/r1/b");
    assertThat(bInfo.repository()).isEqualTo(repo.top);
    assertThat(bInfo.base()).isEqualTo(start);
    assertThat(bInfo.head()).isNotEqualTo(start);
    assertThat(bInfo.filesChanged()).isEqualTo(2);
    assertThat(bInfo.insertions()).isEqualTo(3);
    assertThat(bInfo.deletions()).isZero();
    assertThat(c.worktree().insertions()).isEqualTo(1);
    assertThat(c.worktree().deletions()).isEqualTo(1);
    assertThat(repo.git.ok(repo.top, "log", "-1", "--format=%s%n%an", "codex-par/r1/a"))
        .isEqualTo("a: did a\ncodex-par\n");

    // the clean ones merge into the current branch, working tree included
    Repository repository = Repository.open(repo.git, repo.top);
    Worktrees.MergeResult merged =
        worktrees.merge(repository, List.of(head(a), head(b)), null, false);
    assertThat(merged.branch()).isEqualTo("main");
    assertThat(merged.previous()).isEqualTo(start);
    assertThat(repo.head()).isEqualTo(merged.head());
    assertThat(Files.readString(repo.top.resolve("a.txt"))).isEqualTo("from a\n");
    assertThat(Files.readString(repo.top.resolve("dir/b2.txt"))).isEqualTo("x\ny\n");
    assertThat(repo.status()).isEmpty();

    // two tasks that changed the same lines: refused, naming the task and file, nothing changed
    TestRepo.State afterMerge = repo.state();
    assertThatThrownBy(() -> worktrees.merge(repository, List.of(head(c), head(d)), null, false))
        .isInstanceOfSatisfying(
            GitException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(GitFailure.MERGE_CONFLICT);
              assertThat(e.task()).isEqualTo("d");
              assertThat(e.files()).containsExactly("shared.txt");
              assertThat(e.getMessage()).contains("task d", "shared.txt", "nothing was merged");
            });
    assertThat(repo.state()).isEqualTo(afterMerge);
    repo.assertNoMergeInProgress();
    assertThat(Files.readString(repo.top.resolve("shared.txt"))).isEqualTo("one\ntwo\nthree\n");
  }

  @Test
  void aDependantStartsFromItsDependenciesMergedAndAConflictBetweenThemLeavesNothing() {
    RunWorktrees run = run("r1");
    TaskSnapshot a = doneTask(run, "a", Map.of("a.txt", "from a\n"), List.of());
    TaskSnapshot b = doneTask(run, "b", Map.of("b.txt", "from b\n"), List.of());
    RunWorktrees.Prepared review = run.prepare("review", repo.top, List.of(a, b));
    assertThat(review.cwd().resolve("a.txt")).hasContent("from a");
    assertThat(review.cwd().resolve("b.txt")).hasContent("from b");
    // its own change is only its own
    WorktreeInfo reviewed = run.commit("review", review.worktree(), "");
    assertThat(reviewed.filesChanged()).isZero();
    assertThat(reviewed.head()).isEqualTo(reviewed.base());

    TaskSnapshot c = doneTask(run, "c", Map.of("shared.txt", "C\n"), List.of());
    TaskSnapshot d = doneTask(run, "d", Map.of("shared.txt", "D\n"), List.of());
    TestRepo.State before = repo.state();
    assertThatThrownBy(() -> run.prepare("join", repo.top, List.of(c, d)))
        .isInstanceOfSatisfying(
            GitException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(GitFailure.MERGE_CONFLICT);
              assertThat(e.task()).isEqualTo("join");
              assertThat(e.files()).containsExactly("shared.txt");
              assertThat(e.getMessage()).contains("merging d");
            });
    assertThat(repo.state()).isEqualTo(before);
    assertThat(RunWorktrees.worktreePath(tmp.resolve("runs/r1"), "join")).doesNotExist();
  }

  @Test
  void aTaskInASubfolderRunsInTheSameSubfolderOfItsWorktree() {
    repo.write("sub/inner/file.txt", "x\n");
    repo.commitAll("sub");
    RunWorktrees.Prepared prepared =
        run("r1").prepare("t", repo.top.resolve("sub/inner"), List.of());
    assertThat(prepared.cwd()).isEqualTo(prepared.worktree().path().resolve("sub/inner"));
    assertThat(prepared.cwd().resolve("file.txt")).hasContent("x");
  }

  @Test
  void cleanLeavesTheWorktreeListAsItWasAndDeletesBranchesOnlyWhenAsked() throws Exception {
    String listBefore = repo.worktreeList();
    RunWorktrees run = run("r1");
    List<TaskSnapshot> tasks =
        inParallel(
            List.of(
                () -> doneTask(run, "a", Map.of("a.txt", "a\n"), List.of()),
                () -> doneTask(run, "b", Map.of("b.txt", "b\n"), List.of())));
    assertThat(repo.worktreeList()).contains("codex-par/r1/a", "codex-par/r1/b");

    List<String> removed =
        RunWorktrees.clean(worktrees, "r1", tmp.resolve("runs/r1"), tasks, false);
    assertThat(removed).hasSize(2);
    assertThat(repo.worktreeList()).isEqualTo(listBefore);
    assertThat(tmp.resolve("runs/r1/worktrees")).doesNotExist();
    assertThat(repo.branches("codex-par/")).containsExactly("codex-par/r1/a", "codex-par/r1/b");

    List<String> deleted = RunWorktrees.clean(worktrees, "r1", tmp.resolve("runs/r1"), tasks, true);
    assertThat(deleted)
        .hasSize(2)
        .allMatch(line -> line.startsWith("deleted branch codex-par/r1/"));
    assertThat(repo.branches("codex-par/")).isEmpty();
    assertThat(repo.worktreeList()).isEqualTo(listBefore);
  }

  @Test
  void twoRunsOnOneRepositoryAtOnceKeepApartAndCleanApart() throws Exception {
    String listBefore = repo.worktreeList();
    RunWorktrees first = run("r1");
    RunWorktrees second = run("r2");
    List<Callable<TaskSnapshot>> jobs = new ArrayList<>();
    for (String name : List.of("a", "b", "c")) {
      jobs.add(() -> doneTask(first, name, Map.of(name + ".txt", "r1\n"), List.of()));
      jobs.add(() -> doneTask(second, name, Map.of(name + ".txt", "r2\n"), List.of()));
    }
    List<TaskSnapshot> tasks = inParallel(jobs);
    assertThat(repo.branches("codex-par/"))
        .containsExactlyInAnyOrder(
            "codex-par/r1/a",
            "codex-par/r1/b",
            "codex-par/r1/c",
            "codex-par/r2/a",
            "codex-par/r2/b",
            "codex-par/r2/c");
    assertThat(tmp.resolve("runs/r2/worktrees/b/b.txt")).hasContent("r2");
    assertThat(tmp.resolve("runs/r1/worktrees/b/b.txt")).hasContent("r1");

    RunWorktrees.clean(worktrees, "r1", tmp.resolve("runs/r1"), tasks, true);
    assertThat(repo.branches("codex-par/"))
        .containsExactlyInAnyOrder("codex-par/r2/a", "codex-par/r2/b", "codex-par/r2/c");
    assertThat(tmp.resolve("runs/r2/worktrees/b/b.txt")).hasContent("r2");
    RunWorktrees.clean(worktrees, "r2", tmp.resolve("runs/r2"), tasks, true);
    assertThat(repo.worktreeList()).isEqualTo(listBefore);
  }

  @Test
  void creationUnderContentionWithAnotherGitNeverFails() throws Exception {
    // Another process keeps packing the refs (it takes packed-refs.lock and each loose ref's lock,
    // which this JVM's lock per repository cannot hold back).
    AtomicBoolean stop = new AtomicBoolean();
    Future<Integer> packer =
        pool.submit(
            () -> {
              int rounds = 0;
              while (!stop.get()) {
                new ProcessBuilder("git", "-C", repo.top.toString(), "pack-refs", "--all")
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
                rounds++;
              }
              return rounds;
            });
    RunWorktrees run = run("r1");
    List<Callable<TaskSnapshot>> jobs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String name = "t" + i;
      jobs.add(() -> doneTask(run, name, Map.of(name + ".txt", name + "\n"), List.of()));
    }
    List<TaskSnapshot> tasks;
    try {
      tasks = inParallel(jobs.subList(0, 7));
      tasks.addAll(inParallel(jobs.subList(7, 12)));
    } finally {
      stop.set(true);
    }
    assertThat(packer.get(1, TimeUnit.MINUTES)).isPositive();
    assertThat(tasks).allSatisfy(t -> assertThat(t.worktree().filesChanged()).isEqualTo(1));
    assertThat(repo.branches("codex-par/r1/")).hasSize(12);
  }

  @Test
  void aBusyGitLockIsWaitedFor() throws Exception {
    // Git's own lock on the branch to be made, as another git holds it while it writes the ref.
    Path lock = repo.top.resolve(".git/refs/heads/codex-par/r1/t.lock");
    Files.createDirectories(lock.getParent());
    Files.writeString(lock, "");
    List<java.time.Duration> pauses = new ArrayList<>();
    LockRetry releasingOnFirstPause =
        new LockRetry(
            java.time.Duration.ofMinutes(1),
            pause -> {
              pauses.add(pause);
              lock.toFile().delete(); // the other git is done
            });
    RunWorktrees run =
        new RunWorktrees(
            new Worktrees(repo.git, releasingOnFirstPause), "r1", tmp.resolve("runs/r1"));
    RunWorktrees.Prepared prepared = run.prepare("t", repo.top, List.of());
    assertThat(pauses).hasSize(1);
    assertThat(prepared.worktree().branch()).isEqualTo("codex-par/r1/t");
    assertThat(repo.branches("codex-par/r1/")).containsExactly("codex-par/r1/t");
  }

  @Test
  void mergeIntoANewBranchLeavesTheCurrentOneAndSquashMakesOneCommit() {
    RunWorktrees run = run("r1");
    TaskSnapshot a = doneTask(run, "a", Map.of("a.txt", "a\n"), List.of());
    TaskSnapshot b = doneTask(run, "b", Map.of("b.txt", "b\n"), List.of());
    Repository repository = Repository.open(repo.git, repo.top);
    String start = repo.head();
    Worktrees.MergeResult into =
        worktrees.merge(repository, List.of(head(a), head(b)), "integration", false);
    assertThat(into.created()).isTrue();
    assertThat(repo.head()).isEqualTo(start);
    assertThat(repo.status()).isEmpty();
    assertThat(repo.git.ok(repo.top, "ls-tree", "--name-only", "integration"))
        .contains("a.txt", "b.txt");
    assertThat(repo.git.ok(repo.top, "log", "-1", "--format=%s", "integration"))
        .isEqualTo("codex-par: merge task b\n");

    Worktrees.MergeResult squashed =
        worktrees.merge(repository, List.of(head(a), head(b)), "squashed", true);
    assertThat(repo.git.ok(repo.top, "rev-list", "--parents", "-n", "1", squashed.head()).strip())
        .isEqualTo(squashed.head() + " " + start);
    assertThat(repo.git.ok(repo.top, "ls-tree", "--name-only", "squashed"))
        .contains("a.txt", "b.txt");

    assertThatThrownBy(() -> worktrees.merge(repository, List.of(head(a)), "squashed", false))
        .isInstanceOfSatisfying(
            GitException.class, e -> assertThat(e.kind()).isEqualTo(GitFailure.BRANCH_EXISTS));
  }

  @Test
  void aWorkingTreeInTheWayIsRefusedBeforeAnythingChangesAndOtherLocalChangesAreKept()
      throws Exception {
    RunWorktrees run = run("r1");
    TaskSnapshot a = doneTask(run, "a", Map.of("a.txt", "from a\n"), List.of());
    Repository repository = Repository.open(repo.git, repo.top);
    repo.write("a.txt", "the user's own\n");
    TestRepo.State before = repo.state();
    assertThatThrownBy(() -> worktrees.merge(repository, List.of(head(a)), null, false))
        .isInstanceOfSatisfying(
            GitException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(GitFailure.WORKING_TREE_IN_THE_WAY);
              assertThat(e.files()).containsExactly("a.txt");
            });
    assertThat(repo.state()).isEqualTo(before);
    assertThat(repo.top.resolve("a.txt")).hasContent("the user's own");

    Files.delete(repo.top.resolve("a.txt"));
    repo.write("README", "edited by the user\n");
    worktrees.merge(repository, List.of(head(a)), null, false);
    assertThat(repo.top.resolve("a.txt")).hasContent("from a");
    assertThat(repo.top.resolve("README")).hasContent("edited by the user");
    repo.assertNoMergeInProgress();
  }

  @Test
  void theDiffReadsInChunksAndAsAStat() {
    RunWorktrees run = run("r1");
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      big.append("line ").append(i).append(" é\n");
    }
    TaskSnapshot a = doneTask(run, "a", Map.of("a.txt", big.toString()), List.of());
    Chunk whole = worktrees.diff(a.worktree(), false, 0, Chunk.MAX_BYTES);
    assertThat(whole.atEnd()).isTrue();
    assertThat(whole.text()).contains("+++ b/a.txt", "+line 1999 é");
    StringBuilder joined = new StringBuilder();
    long offset = 0;
    Chunk chunk;
    do {
      chunk = worktrees.diff(a.worktree(), false, offset, 1000);
      joined.append(chunk.text());
      offset = chunk.nextOffset();
    } while (!chunk.atEnd());
    assertThat(joined.toString()).isEqualTo(whole.text());
    assertThat(worktrees.diff(a.worktree(), true, 0, Chunk.MAX_BYTES).text())
        .contains("a.txt", "1 file changed, 2000 insertions(+)");
  }

  @Test
  void aRetriedTaskStartsAgainFromItsBase() {
    RunWorktrees run = run("r1");
    RunWorktrees.Prepared prepared = run.prepare("t", repo.top, List.of());
    TestRepo.write(prepared.cwd(), "left-over.txt", "x\n");
    TestRepo.write(prepared.cwd(), "README", "changed\n");
    run.reset(prepared.worktree());
    assertThat(prepared.cwd().resolve("left-over.txt")).doesNotExist();
    assertThat(prepared.cwd().resolve("README")).hasContent("readme");
  }

  @Test
  void uncommittedChangesAreToldOncePerRepositoryAndNotInTheWorktrees() {
    RunWorktrees clean = run("r1");
    assertThat(clean.checkTasks(List.of(worktreeTask("t", repo.top)))).isEmpty();
    repo.write("README", "uncommitted\n");
    RunWorktrees run = run("r2");
    String note =
        "uncommitted changes in "
            + repo.top
            + " are not in the worktrees: they start from its last commit";
    // said for the first look at the repository, not again for later tasks (a dispatch)
    assertThat(
            run.checkTasks(
                List.of(
                    worktreeTask("a", repo.top),
                    worktreeTask("b", repo.top),
                    TaskSpec.exec("plain", "p", repo.top))))
        .containsExactly(note);
    assertThat(run.checkTasks(List.of(worktreeTask("c", repo.top)))).isEmpty();
    RunWorktrees.Prepared prepared = run.prepare("a", repo.top, List.of());
    assertThat(prepared.cwd().resolve("README")).hasContent("readme");
  }

  private static TaskSpec worktreeTask(String name, Path cwd) {
    TaskSpec t = TaskSpec.exec(name, "p", cwd);
    return new TaskSpec(
        t.name(),
        t.kind(),
        t.prompt(),
        t.cwd(),
        t.sandbox(),
        t.model(),
        t.fullAuto(),
        t.configOverrides(),
        t.profile(),
        t.images(),
        t.enableFeatures(),
        t.disableFeatures(),
        t.agentId(),
        t.threadId(),
        t.dependsOn(),
        t.review(),
        t.timeout(),
        t.outputSchema(),
        true,
        t.skipGitRepoCheck(),
        t.retry(),
        t.forkFrom(),
        t.verify());
  }

  @Test
  void theRepositorysOwnIdentityIsUsedWhenItHasOne() {
    repo.git.ok(repo.top, "config", "user.name", "Repo Owner");
    repo.git.ok(repo.top, "config", "user.email", "owner@example.com");
    TaskSnapshot a = doneTask(run("r1"), "a", Map.of("a.txt", "a\n"), List.of());
    assertThat(repo.git.ok(repo.top, "log", "-1", "--format=%an <%ae>", a.worktree().head()))
        .isEqualTo("Repo Owner <owner@example.com>\n");
  }

  @Test
  void foldersThatCannotHaveAWorktreeAreRefusedByKind() throws Exception {
    Function<Path, GitFailure> check =
        folder -> {
          try {
            run("r1").check("t", folder);
            return null;
          } catch (GitException e) {
            return e.kind();
          }
        };
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    assertThat(check.apply(plain)).isEqualTo(GitFailure.NOT_A_REPOSITORY);
    assertThat(check.apply(repo.top.resolve(".git"))).isEqualTo(GitFailure.NOT_A_REPOSITORY);
    Path bare = tmp.resolve("bare.git");
    repo.git.ok(tmp, "init", "-q", "--bare", bare.toString());
    assertThat(check.apply(bare)).isEqualTo(GitFailure.BARE_REPOSITORY);
    TestRepo empty = TestRepo.empty(tmp.resolve("other"));
    assertThat(check.apply(empty.top)).isEqualTo(GitFailure.NO_COMMIT);
    assertThat(check.apply(repo.top)).isNull();
    assertThatThrownBy(() -> run("r1").check("x.lock", repo.top))
        .isInstanceOfSatisfying(
            GitException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(GitFailure.BAD_BRANCH_NAME);
              assertThat(e.task()).isEqualTo("x.lock");
            });
  }
}
