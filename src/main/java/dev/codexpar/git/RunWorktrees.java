package dev.codexpar.git;

import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.WorktreeInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worktrees of one run, as the engine uses them: {@link #check} when the plan is validated
 * (which also fixes each repository's start, its HEAD at that moment), {@link #prepare} before a
 * {@code worktree: true} task starts (codex runs in the folder it returns), {@link #commit} when
 * the task ended done, {@link #clean} when the run folder is cleaned.
 */
public final class RunWorktrees {
  private static final int SUBJECT_MAX = 200;

  private final Worktrees worktrees;
  private final String runId;
  private final Path runDir;

  /** Each repository's HEAD when the run first looked at it, by work tree top. */
  private final Map<Path, String> starts = new ConcurrentHashMap<>();

  public RunWorktrees(Worktrees worktrees, String runId, Path runDir) {
    this.worktrees = worktrees;
    this.runId = runId;
    this.runDir = runDir.toAbsolutePath().normalize();
  }

  /** Where a task's worktree goes: {@code <run dir>/worktrees/NAME}. */
  public static Path worktreePath(Path runDir, String task) {
    return worktreesFolder(runDir).resolve(task);
  }

  private static Path worktreesFolder(Path runDir) {
    return runDir.toAbsolutePath().normalize().resolve("worktrees");
  }

  /**
   * Whether {@code task} can have a worktree from {@code cwd}; the first check of a repository
   * fixes its start (HEAD now) for the whole run.
   *
   * @throws GitException {@link GitFailure#NOT_A_REPOSITORY}, {@link GitFailure#BARE_REPOSITORY},
   *     {@link GitFailure#NO_COMMIT}, {@link GitFailure#BAD_BRANCH_NAME}, {@link
   *     GitFailure#GIT_MISSING}; plan validation reports them on the task's {@code worktree} field
   */
  public Repository check(String task, Path cwd) {
    return look(task, cwd).repo();
  }

  /** A repository checked for a task, and whether this was the run's first look at it. */
  private record Look(Repository repo, boolean first) {}

  private Look look(String task, Path cwd) {
    Repository repo = validate(worktrees.git(), task, cwd);
    boolean[] first = {false};
    starts.computeIfAbsent( // at most once per repository, even for concurrent looks
        repo.top(),
        top -> {
          first[0] = true;
          return worktrees.git().ok(top, "rev-parse", "HEAD").strip();
        });
    return new Look(repo, first[0]);
  }

  /** A git work tree with a commit, and a task name that can be part of a branch name. */
  private static Repository validate(Git git, String task, Path cwd) {
    BranchNames.problem(task)
        .ifPresent(
            problem -> {
              throw new GitException(GitFailure.BAD_BRANCH_NAME, task, List.of(), problem);
            });
    return Repository.open(git, cwd);
  }

  /**
   * Where a task runs: its worktree folder, and in it the place of the task's {@code cwd} in the
   * repository.
   */
  public record Prepared(Path cwd, WorktreeInfo worktree) {}

  /**
   * Makes the task's worktree on {@code codex-par/<run_id>/NAME}: from the repository's start, with
   * the branches of the done dependencies that have worktrees in the same repository merged in.
   *
   * @param dependencies the task's dependencies (others, and ones without a worktree, are ignored)
   * @throws GitException {@link GitFailure#MERGE_CONFLICT} (the task fails, naming the files), or
   *     one of {@link #check}'s
   */
  public Prepared prepare(String task, Path cwd, List<TaskSnapshot> dependencies) {
    Repository repo = check(task, cwd);
    List<Worktrees.TaskHead> heads =
        dependencies.stream()
            .filter(d -> d.worktree() != null && d.worktree().committed())
            .filter(d -> d.worktree().repository().equals(repo.top()))
            .map(d -> new Worktrees.TaskHead(d.name(), d.worktree().head()))
            .toList();
    Path path = worktreePath(runDir, task);
    WorktreeInfo info =
        worktrees.create(
            repo, task, BranchNames.forTask(runId, task), path, starts.get(repo.top()), heads);
    return new Prepared(info.path().resolve(repo.relative(cwd)), info);
  }

  /** Before another attempt of the task: its worktree back at its base. */
  public void reset(WorktreeInfo worktree) {
    worktrees.reset(worktree);
  }

  /**
   * Commits what a done task changed; the message is the task's name and the first line of its
   * output.
   *
   * @return the worktree with its head and the size of the change, for the task's meta file
   */
  public WorktreeInfo commit(String task, WorktreeInfo worktree, String output) {
    return worktrees.commit(worktree, commitMessage(task, output));
  }

  static String commitMessage(String task, String output) {
    String first = output == null ? "" : output.strip().lines().findFirst().orElse("").strip();
    if (first.length() > SUBJECT_MAX) {
      first = first.substring(0, SUBJECT_MAX - 1) + "…";
    }
    return first.isEmpty() ? task : task + ": " + first;
  }

  /**
   * {@link #check}s each worktree task among {@code tasks}, and says, once per repository (the
   * first time the run looks at it), that its uncommitted changes are not in the worktrees: they
   * start from its last commit.
   *
   * @return the notes for the user, none when there is nothing to say
   * @throws GitException as {@link #check}
   */
  public List<String> checkTasks(List<TaskSpec> tasks) {
    List<String> notes = new ArrayList<>();
    for (TaskSpec task : tasks) {
      if (task.worktree()) {
        Look look = look(task.name(), task.cwd());
        if (look.first() && worktrees.hasLocalChanges(look.repo())) {
          notes.add(
              "uncommitted changes in "
                  + look.repo().top()
                  + " are not in the worktrees: they start from its last commit");
        }
      }
    }
    return List.copyOf(notes);
  }

  /**
   * Moves an earlier run's worktrees out of {@code runDir/worktrees/} into {@code
   * archiveDir/worktrees/}, when its other files go there: a new run in the folder needs the names
   * free, and git must know where the worktrees went.
   *
   * @param tasks the earlier run's tasks (as read from its files)
   * @return the worktrees' new paths
   */
  public static List<Path> archive(
      Worktrees worktrees,
      String runId,
      Collection<TaskSnapshot> tasks,
      Path runDir,
      Path archiveDir) {
    List<Path> moved = new ArrayList<>();
    Path from = real(worktreesFolder(runDir));
    for (Path top : repositories(tasks)) {
      Repository repo;
      try {
        repo = Repository.open(worktrees.git(), top);
      } catch (GitException e) {
        continue; // a repository that is gone has no worktree records to keep right
      }
      moved.addAll(worktrees.move(repo, runId, from, worktreesFolder(archiveDir)));
    }
    worktreesFolder(runDir).toFile().delete();
    return moved;
  }

  private static Set<Path> repositories(Collection<TaskSnapshot> tasks) {
    Set<Path> repositories = new LinkedHashSet<>();
    tasks.stream()
        .filter(t -> t.worktree() != null)
        .forEach(t -> repositories.add(t.worktree().repository()));
    return repositories;
  }

  private static Path real(Path path) {
    try {
      return path.toRealPath();
    } catch (java.io.IOException e) {
      return path;
    }
  }

  /**
   * Removes the worktrees of the run {@code runId} (and with {@code branches} its branches) from
   * each repository its tasks' worktrees are in.
   *
   * @param tasks the run's tasks, as read from its folder {@code runDir}
   * @return what was removed, one line each
   */
  public static List<String> clean(
      Worktrees worktrees,
      String runId,
      Path runDir,
      Collection<TaskSnapshot> tasks,
      boolean branches) {
    List<String> lines = new ArrayList<>();
    for (Path top : repositories(tasks)) {
      Repository repo;
      try {
        repo = Repository.open(worktrees.git(), top);
      } catch (GitException e) {
        lines.add("left the worktrees in " + top + " alone: " + e.getMessage());
        continue;
      }
      Worktrees.Cleaned cleaned = worktrees.clean(repo, runId, branches);
      cleaned.worktrees().forEach(p -> lines.add("removed worktree " + p));
      cleaned.branches().forEach(b -> lines.add("deleted branch " + b + " in " + top));
    }
    // The folder the worktrees were in, once they are all gone.
    worktreesFolder(runDir).toFile().delete();
    return lines;
  }
}
