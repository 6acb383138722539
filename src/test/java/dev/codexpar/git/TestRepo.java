package dev.codexpar.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real git repository in a temporary folder, for tests. Git runs with a configuration of its own
 * (no user's or system's): the repository has no identity unless a test gives it one, so
 * codex-par's own commits must bring theirs.
 */
public final class TestRepo {
  public final Path top;
  public final Git git;

  private TestRepo(Path top, Git git) {
    this.top = top;
    this.git = git;
  }

  /** A git that reads no configuration but the repository's own. */
  public static Git isolatedGit(Path home) {
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Git(
        Map.of(
            "HOME", home.toString(),
            "XDG_CONFIG_HOME", home.resolve(".config").toString(),
            "GIT_CONFIG_NOSYSTEM", "1",
            "GIT_CONFIG_GLOBAL", home.resolve("gitconfig").toString()),
        Duration.ofSeconds(30));
  }

  /** A repository with one commit: README and shared.txt. */
  public static TestRepo withCommit(Path dir) {
    TestRepo repo = empty(dir);
    repo.write("README", "readme\n");
    repo.write("shared.txt", "one\ntwo\nthree\n");
    repo.commitAll("initial");
    return repo;
  }

  public static TestRepo empty(Path dir) {
    Path top = dir.resolve("repo");
    Git git = isolatedGit(dir.resolve("home"));
    try {
      Files.createDirectories(top);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    git.ok(top, "init", "-q", "-b", "main");
    return new TestRepo(realPath(top), git);
  }

  public void write(String file, String text) {
    write(top, file, text);
  }

  public static void write(Path dir, String file, String text) {
    try {
      Path path = dir.resolve(file);
      Files.createDirectories(path.getParent());
      Files.writeString(path, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A commit of the test's own (the test's identity, not codex-par's). */
  public String commitAll(String message) {
    git.ok(top, "add", "-A");
    git.ok(
        top,
        "-c",
        "user.name=tester",
        "-c",
        "user.email=tester@example.com",
        "commit",
        "-q",
        "-m",
        message);
    return head();
  }

  public String head() {
    return git.ok(top, "rev-parse", "HEAD").strip();
  }

  public String branch() {
    return git.ok(top, "symbolic-ref", "--short", "HEAD").strip();
  }

  public String status() {
    return git.ok(top, "status", "--porcelain", "--untracked-files=all");
  }

  public String worktreeList() {
    return git.ok(top, "worktree", "list", "--porcelain");
  }

  public List<String> branches(String prefix) {
    return git.ok(top, "for-each-ref", "--format=%(refname:short)", "refs/heads/" + prefix)
        .lines()
        .toList();
  }

  /** What must stay as it was when codex-par refuses or fails something. */
  public record State(
      String head, String branch, String status, String worktrees, List<String> refs) {}

  public State state() {
    return new State(
        head(),
        branch(),
        status(),
        worktreeList(),
        new ArrayList<>(
            git.ok(top, "for-each-ref", "--format=%(refname) %(objectname)").lines().toList()));
  }

  public void assertNoMergeInProgress() {
    assertThat(git.run(top, "rev-parse", "-q", "--verify", "MERGE_HEAD").ok())
        .as("MERGE_HEAD")
        .isFalse();
    assertThat(Files.exists(top.resolve(".git/MERGE_HEAD"))).isFalse();
  }

  public static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
