package dev.codexpar.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A git work tree with at least one commit, as found from a folder inside it.
 *
 * @param top the work tree's top folder (real path)
 * @param commonDir the repository's shared git folder (real path): one per repository, whichever of
 *     its worktrees {@code top} is
 */
public record Repository(Path top, Path commonDir) {

  /**
   * The repository {@code folder} is in, checked for what a worktree needs.
   *
   * @throws GitException {@link GitFailure#NOT_A_REPOSITORY}, {@link GitFailure#BARE_REPOSITORY},
   *     {@link GitFailure#NO_COMMIT} or {@link GitFailure#GIT_MISSING}
   */
  public static Repository open(Git git, Path folder) {
    Git.Result kind = git.run(folder, "rev-parse", "--is-bare-repository", "--is-inside-work-tree");
    if (!kind.ok()) {
      throw new GitException(
          GitFailure.NOT_A_REPOSITORY, folder + " is not inside a git repository");
    }
    String[] answers = kind.text().split("\\s+");
    if (answers[0].equals("true")) {
      throw new GitException(
          GitFailure.BARE_REPOSITORY,
          folder + " is a bare git repository: it has no files to give a worktree");
    }
    if (answers.length < 2 || !answers[1].equals("true")) {
      throw new GitException(
          GitFailure.NOT_A_REPOSITORY, folder + " is inside a git folder, not in a work tree");
    }
    String[] paths = git.ok(folder, "rev-parse", "--show-toplevel", "--git-common-dir").split("\n");
    if (!git.run(folder, "rev-parse", "--verify", "-q", "HEAD^{commit}").ok()) {
      throw new GitException(
          GitFailure.NO_COMMIT,
          "the git repository at "
              + paths[0]
              + " has no commit yet: a worktree needs one to start from");
    }
    return new Repository(real(folder, paths[0]), real(folder, paths[1]));
  }

  private static Path real(Path folder, String printed) {
    try {
      // --git-common-dir may print a path relative to the folder
      return folder.resolve(printed.strip()).toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + printed + " from " + folder, e);
    }
  }

  /** The folder's place inside the work tree ({@code ""} at its top). */
  public Path relative(Path folder) {
    try {
      return top.relativize(folder.toRealPath());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + folder, e);
    }
  }
}
