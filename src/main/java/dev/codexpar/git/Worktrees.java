package dev.codexpar.git;

import dev.codexpar.model.WorktreeInfo;
import dev.codexpar.store.Chunk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The git work of worktree tasks: make a task's worktree on its own branch, commit what the task
 * changed, show the change, merge task branches back, remove a run's worktrees. Merges are computed
 * with {@code git merge-tree --write-tree} and {@code commit-tree}, which touch no working tree and
 * no index: a conflict leaves the repository exactly as it was. Nothing here touches the
 * repository's own working tree, index or current branch, except {@link #merge} into the current
 * branch, whose last step is git's own fast-forward.
 */
public final class Worktrees {
  /** One lock per repository (its common git folder) inside this JVM: creations queue up. */
  private static final ConcurrentMap<Path, ReentrantLock> REPOSITORY_LOCKS =
      new ConcurrentHashMap<>();

  private static final List<String> NO_SIGNING = List.of("-c", "commit.gpgsign=false");

  private final Git git;
  private final LockRetry retry;
  private volatile GitVersion version;

  public Worktrees(Git git) {
    this(git, LockRetry.standard());
  }

  Worktrees(Git git, LockRetry retry) {
    this.git = git;
    this.retry = retry;
  }

  public Git git() {
    return git;
  }

  /** A commit to merge and the task it is the work of. */
  public record TaskHead(String task, String commit) {}

  /**
   * Makes {@code path} a worktree on the new {@code branch}, starting from {@code start} with the
   * dependencies' heads merged in (in their order). A conflict between them leaves nothing behind.
   *
   * @throws GitException {@link GitFailure#MERGE_CONFLICT} naming the task and the files, {@link
   *     GitFailure#BRANCH_EXISTS}, {@link GitFailure#COMMAND_FAILED}
   */
  public WorktreeInfo create(
      Repository repo,
      String task,
      String branch,
      Path path,
      String start,
      List<TaskHead> dependencies) {
    String base =
        mergeAll(
            repo.top(),
            start,
            dependencies,
            (dependency, files) ->
                new GitException(
                    GitFailure.MERGE_CONFLICT,
                    task,
                    files,
                    "task "
                        + task
                        + ": the branches of its dependencies conflict (merging "
                        + dependency
                        + ") in "
                        + String.join(", ", files)),
            "codex-par: base of task " + task);
    return locked(
        repo,
        () -> {
          Git.Result created =
              retry.run(() -> git.run(repo.top(), "update-ref", "refs/heads/" + branch, base, ""));
          if (!created.ok()) {
            boolean exists =
                git.run(repo.top(), "rev-parse", "--verify", "-q", "refs/heads/" + branch).ok();
            throw exists
                ? new GitException(
                    GitFailure.BRANCH_EXISTS,
                    task,
                    List.of(),
                    "task " + task + ": the branch " + branch + " exists already")
                : Git.failed(List.of("update-ref", "refs/heads/" + branch), created);
          }
          List<String> add = List.of("worktree", "add", "-q", path.toString(), branch);
          Git.Result added = retry.run(() -> git.run(repo.top(), add));
          if (!added.ok()) {
            git.run(repo.top(), "update-ref", "-d", "refs/heads/" + branch, base);
            throw Git.failed(add, added);
          }
          return WorktreeInfo.created(repo.top(), realPath(path), branch, base);
        });
  }

  /**
   * Puts a worktree back to its base (for another attempt of its task): its changes, new files and
   * commits are dropped.
   */
  public void reset(WorktreeInfo info) {
    Path dir = info.path();
    ok(dir, List.of("reset", "-q", "--hard", info.base()));
    ok(dir, List.of("clean", "-q", "-ffdx"));
  }

  /**
   * Commits everything the task changed in its worktree ({@code git add -A}; nothing to commit is
   * fine) and counts the change from the base.
   */
  public WorktreeInfo commit(WorktreeInfo info, String message) {
    Path dir = info.path();
    ok(dir, List.of("add", "-A"));
    Git.Result staged = git.run(dir, "diff", "--cached", "--quiet");
    if (!staged.ok()) {
      List<String> commit = new ArrayList<>(identity(dir));
      // The task's snapshot, not a commit of the user's: their hooks and signing stay out of it.
      commit.addAll(List.of("commit", "-q", "--no-verify", "-m", message));
      ok(dir, commit);
    }
    String head = git.ok(dir, "rev-parse", "HEAD").strip();
    GitOutput.Change change =
        GitOutput.numstat(
            git.ok(dir, "diff", "--numstat", "-z", "--no-renames", info.base(), head));
    return info.withChange(head, change.files(), change.insertions(), change.deletions());
  }

  /** The task's change, base..head, as a patch or (stat) as {@code git diff --stat}, in a chunk. */
  public Chunk diff(WorktreeInfo info, boolean stat, long offset, int maxBytes) {
    List<String> args = new ArrayList<>(List.of("diff", "--no-color", "--no-ext-diff"));
    if (stat) {
      args.add("--stat");
    }
    args.addAll(List.of(info.base(), info.head()));
    Path out = null;
    try {
      // The whole diff goes to a file first: Chunk reads whole UTF-8 characters from an offset.
      out = Files.createTempFile("codex-par-diff", ".txt");
      Git.Result result = git.runInto(info.repository(), args, out);
      if (!result.ok()) {
        throw Git.failed(args, result);
      }
      return Chunk.read(out, offset, maxBytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the diff of " + info.branch(), e);
    } finally {
      if (out != null) {
        out.toFile().delete();
      }
    }
  }

  /**
   * The outcome of a merge.
   *
   * @param branch the branch that was moved or created
   * @param previous its commit before (for a created branch: the commit it started from)
   * @param head its commit now (equal to previous when there was nothing to merge)
   * @param created whether the branch was made by this merge ({@code --into})
   */
  public record MergeResult(String branch, String previous, String head, boolean created) {}

  /**
   * Merges the tasks' heads, in the given order, into the repository's current branch or into the
   * new branch {@code into} (made from HEAD), all or nothing. The merge is computed first without
   * touching anything; a conflict stops it with the task and files named. The current branch then
   * moves by a fast-forward, refused before anything changes if the working tree has changes or
   * untracked files where the merge changes files.
   *
   * @param into a branch to create, or null for the current branch
   * @param squash one commit on top of the branch instead of the tasks' history and merge commits
   * @throws GitException {@link GitFailure#GIT_TOO_OLD}, {@link GitFailure#MERGE_CONFLICT}, {@link
   *     GitFailure#WORKING_TREE_IN_THE_WAY}, {@link GitFailure#DETACHED_HEAD}, {@link
   *     GitFailure#BRANCH_EXISTS}, {@link GitFailure#BAD_BRANCH_NAME}, {@link
   *     GitFailure#BRANCH_MOVED}
   */
  public MergeResult merge(Repository repo, List<TaskHead> tasks, String into, boolean squash) {
    requireMergeTree();
    Path top = repo.top();
    String ref = into == null ? currentBranch(top) : newBranch(top, into);
    String start = git.ok(top, "rev-parse", "HEAD").strip();
    String merged =
        mergeAll(
            top,
            start,
            tasks,
            (task, files) ->
                new GitException(
                    GitFailure.MERGE_CONFLICT,
                    task,
                    files,
                    "task "
                        + task
                        + " conflicts with what is merged before it in "
                        + String.join(", ", files)
                        + "; nothing was merged"),
            null);
    if (squash && !merged.equals(start)) {
      String tree = git.ok(top, "rev-parse", merged + "^{tree}").strip();
      merged =
          commitTree(
              top,
              tree,
              List.of(start),
              "codex-par: squash of tasks "
                  + String.join(", ", tasks.stream().map(TaskHead::task).toList()));
    }
    String branch = ref.substring("refs/heads/".length());
    if (into != null) {
      String target = merged;
      Git.Result made = retry.run(() -> git.run(top, "update-ref", ref, target, ""));
      if (!made.ok()) {
        throw new GitException(
            GitFailure.BRANCH_EXISTS, "the branch " + into + " was made meanwhile; nothing merged");
      }
      return new MergeResult(branch, start, merged, true);
    }
    if (merged.equals(start)) {
      return new MergeResult(branch, start, merged, false);
    }
    refuseWorkingTreeInTheWay(top, start, merged);
    String target = merged;
    return locked(
        repo,
        () -> {
          if (!git.ok(top, "rev-parse", "HEAD").strip().equals(start)) {
            throw new GitException(
                GitFailure.BRANCH_MOVED,
                branch + " moved while the merge was computed; nothing merged, merge again");
          }
          List<String> fastForward = List.of("merge", "-q", "--ff-only", target);
          Git.Result moved = retry.run(() -> git.run(top, fastForward));
          if (!moved.ok()) {
            throw Git.failed(fastForward, moved);
          }
          return new MergeResult(branch, start, target, false);
        });
  }

  /** What {@link #clean} removed. */
  public record Cleaned(List<Path> worktrees, List<String> branches) {}

  /**
   * Removes the run's worktrees ({@code git worktree remove --force}, then {@code git worktree
   * prune}) and, with {@code branches}, deletes the run's branches too.
   */
  public Cleaned clean(Repository repo, String runId, boolean branches) {
    Path top = repo.top();
    String refs = BranchNames.runRefs(runId);
    List<Path> removed = new ArrayList<>();
    return locked(
        repo,
        () -> {
          for (GitOutput.ListedWorktree w :
              GitOutput.worktrees(git.ok(top, "worktree", "list", "--porcelain"))) {
            if (w.branch() != null && w.branch().startsWith(refs)) {
              // A worktree whose folder is gone already is pruned below.
              if (retry
                  .run(() -> git.run(top, "worktree", "remove", "--force", w.path().toString()))
                  .ok()) {
                removed.add(w.path());
              }
            }
          }
          ok(top, List.of("worktree", "prune"));
          List<String> deleted = new ArrayList<>();
          if (branches) {
            for (String ref :
                git.ok(top, "for-each-ref", "--format=%(refname)", refs).lines().toList()) {
              ok(top, List.of("update-ref", "-d", ref));
              deleted.add(ref.substring("refs/heads/".length()));
            }
          }
          return new Cleaned(List.copyOf(removed), List.copyOf(deleted));
        });
  }

  /**
   * Moves the run's worktrees that are in {@code from} to {@code to} ({@code git worktree move},
   * which keeps git's records right), each under its own name.
   *
   * @return the worktrees' new paths
   */
  public List<Path> move(Repository repo, String runId, Path from, Path to) {
    Path top = repo.top();
    String refs = BranchNames.runRefs(runId);
    return locked(
        repo,
        () -> {
          List<Path> moved = new ArrayList<>();
          for (GitOutput.ListedWorktree w :
              GitOutput.worktrees(git.ok(top, "worktree", "list", "--porcelain"))) {
            if (w.branch() != null && w.branch().startsWith(refs) && w.path().startsWith(from)) {
              Path target = to.resolve(w.path().getFileName());
              try {
                Files.createDirectories(to);
              } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + to, e);
              }
              ok(top, List.of("worktree", "move", w.path().toString(), target.toString()));
              moved.add(target);
            }
          }
          return List.copyOf(moved);
        });
  }

  /** Whether the work tree has changes or untracked files (a run's worktrees do not get them). */
  public boolean hasLocalChanges(Repository repo) {
    return !git.ok(repo.top(), "--no-optional-locks", "status", "--porcelain").isBlank();
  }

  /** What to do when merging {@code task}'s commit conflicts. */
  private interface Conflict {
    GitException of(String task, List<String> files);
  }

  /**
   * Merges each head into {@code start} in order, without a working tree; a head already contained
   * is skipped, one that contains what is merged so far is taken as it is (a fast-forward).
   *
   * @param message the merge commits' message, or null for "codex-par: merge task NAME"
   */
  private String mergeAll(
      Path top, String start, List<TaskHead> heads, Conflict conflict, String message) {
    String merged = start;
    for (TaskHead head : heads) {
      if (isAncestor(top, head.commit(), merged)) {
        continue;
      }
      if (isAncestor(top, merged, head.commit())) {
        merged = head.commit();
        continue;
      }
      requireMergeTree();
      Git.Result result =
          git.run(top, "merge-tree", "--write-tree", "-z", "--name-only", merged, head.commit());
      if (result.exitCode() > 1) {
        throw Git.failed(List.of("merge-tree", merged, head.commit()), result);
      }
      GitOutput.MergedTree tree = GitOutput.mergeTree(result.out());
      if (result.exitCode() == 1) {
        throw conflict.of(head.task(), tree.conflicts());
      }
      merged =
          commitTree(
              top,
              tree.tree(),
              List.of(merged, head.commit()),
              message != null ? message : "codex-par: merge task " + head.task());
    }
    return merged;
  }

  private String commitTree(Path top, String tree, List<String> parents, String message) {
    List<String> args = new ArrayList<>(identity(top));
    args.addAll(List.of("commit-tree", tree));
    parents.forEach(p -> args.addAll(List.of("-p", p)));
    args.addAll(List.of("-m", message));
    return git.ok(top, args).strip();
  }

  private boolean isAncestor(Path top, String ancestor, String of) {
    Git.Result result = git.run(top, "merge-base", "--is-ancestor", ancestor, of);
    if (result.exitCode() > 1) {
      throw Git.failed(List.of("merge-base", "--is-ancestor", ancestor, of), result);
    }
    return result.ok();
  }

  private String currentBranch(Path top) {
    Git.Result head = git.run(top, "symbolic-ref", "-q", "HEAD");
    if (!head.ok()) {
      throw new GitException(
          GitFailure.DETACHED_HEAD,
          "HEAD of " + top + " is detached: there is no current branch to merge into (use --into)");
    }
    return head.text();
  }

  private String newBranch(Path top, String name) {
    if (!git.run(top, "check-ref-format", "--branch", name).ok()) {
      throw new GitException(GitFailure.BAD_BRANCH_NAME, "'" + name + "' is no valid branch name");
    }
    String ref = "refs/heads/" + name;
    if (git.run(top, "rev-parse", "--verify", "-q", ref).ok()) {
      throw new GitException(
          GitFailure.BRANCH_EXISTS, "the branch " + name + " exists already; nothing merged");
    }
    return ref;
  }

  /**
   * Refuses, before anything changes, a fast-forward that would overwrite local changes or
   * untracked files: the files the merge changes that {@code git status} lists.
   */
  private void refuseWorkingTreeInTheWay(Path top, String from, String to) {
    Set<String> changed =
        Set.of(git.ok(top, "diff", "--name-only", "-z", "--no-renames", from, to).split("\0"));
    Set<String> local =
        GitOutput.statusPaths(
            git.ok(
                top,
                "--no-optional-locks",
                "status",
                "--porcelain",
                "-z",
                "--untracked-files=all"));
    List<String> inTheWay = local.stream().filter(changed::contains).sorted().toList();
    if (!inTheWay.isEmpty()) {
      throw new GitException(
          GitFailure.WORKING_TREE_IN_THE_WAY,
          null,
          inTheWay,
          "the working tree of "
              + top
              + " has changes or untracked files the merge would overwrite: "
              + String.join(", ", inTheWay)
              + "; nothing merged (commit or stash them, or merge --into a new branch)");
    }
  }

  /** {@code -c user.name/user.email} for what the repository's configuration does not set. */
  private List<String> identity(Path dir) {
    List<String> args = new ArrayList<>(NO_SIGNING);
    if (!git.run(dir, "config", "user.name").ok()) {
      args.addAll(List.of("-c", "user.name=codex-par"));
    }
    if (!git.run(dir, "config", "user.email").ok()) {
      args.addAll(List.of("-c", "user.email=codex-par@localhost"));
    }
    return args;
  }

  private void ok(Path dir, List<String> args) {
    Git.Result result = retry.run(() -> git.run(dir, args));
    if (!result.ok()) {
      throw Git.failed(args, result);
    }
  }

  private void requireMergeTree() {
    if (version == null) {
      String line = git.ok(Path.of("").toAbsolutePath(), "--version");
      version =
          GitVersion.parse(line)
              .orElseThrow(
                  () ->
                      new GitException(
                          GitFailure.COMMAND_FAILED, "cannot read git's version from: " + line));
    }
    if (!version.atLeast(GitVersion.MERGE_TREE)) {
      throw new GitException(
          GitFailure.GIT_TOO_OLD,
          "git "
              + version
              + " cannot merge without a working tree (git merge-tree --write-tree needs git "
              + GitVersion.MERGE_TREE
              + " or newer); install a newer git");
    }
  }

  private static <T> T locked(Repository repo, Supplier<T> work) {
    ReentrantLock lock =
        REPOSITORY_LOCKS.computeIfAbsent(repo.commonDir(), dir -> new ReentrantLock());
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + path, e);
    }
  }
}
