package dev.codexpar.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The machine formats of git, read without git; and the pure naming rules. */
class GitOutputTest {
  @Test
  void numstatCountsFilesAndLinesAndABinaryFileAddsNoLines() {
    GitOutput.Change change =
        GitOutput.numstat("3\t1\tsrc/A.java\0-\t-\timage.png\0" + "10\t0\twith\ttab.txt\0");
    assertThat(change).isEqualTo(new GitOutput.Change(3, 13, 1));
    assertThat(GitOutput.numstat("")).isEqualTo(new GitOutput.Change(0, 0, 0));
  }

  @Test
  void mergeTreeGivesTheTreeAndTheConflictedFilesOnce() {
    GitOutput.MergedTree conflicted =
        GitOutput.mergeTree("1e69a4\0f\0f\0g h\0\0" + "1\0f\0Auto-merging\0Auto-merging f\n\0");
    assertThat(conflicted.tree()).isEqualTo("1e69a4");
    assertThat(conflicted.conflicts()).containsExactly("f", "g h");
    assertThat(GitOutput.mergeTree("1995ee\0").conflicts()).isEmpty();
  }

  @Test
  void statusPathsIncludeARenamesOldPathAndUntrackedFiles() {
    assertThat(GitOutput.statusPaths(" M README\0R  new.txt\0old.txt\0?? dir/u.txt\0"))
        .containsExactly("README", "new.txt", "old.txt", "dir/u.txt");
  }

  @Test
  void worktreeListHasEachPathWithItsBranchOrNoneWhenDetached() {
    String porcelain =
        """
        worktree /repo
        HEAD 1111
        branch refs/heads/main

        worktree /runs/r1/worktrees/a
        HEAD 2222
        branch refs/heads/codex-par/r1/a

        worktree /elsewhere
        HEAD 3333
        detached
        """;
    assertThat(GitOutput.worktrees(porcelain))
        .containsExactly(
            new GitOutput.ListedWorktree(Path.of("/repo"), "refs/heads/main"),
            new GitOutput.ListedWorktree(
                Path.of("/runs/r1/worktrees/a"), "refs/heads/codex-par/r1/a"),
            new GitOutput.ListedWorktree(Path.of("/elsewhere"), null));
  }

  @Test
  void versionsFromLinuxAndMacOsGitAndTheMergeTreeThreshold() {
    assertThat(GitVersion.parse("git version 2.39.5")).contains(new GitVersion(2, 39));
    assertThat(GitVersion.parse("git version 2.37.1 (Apple Git-137.1)"))
        .contains(new GitVersion(2, 37));
    assertThat(GitVersion.parse("no git here")).isEmpty();
    assertThat(new GitVersion(2, 38).atLeast(GitVersion.MERGE_TREE)).isTrue();
    assertThat(new GitVersion(2, 37).atLeast(GitVersion.MERGE_TREE)).isFalse();
    assertThat(new GitVersion(3, 0).atLeast(GitVersion.MERGE_TREE)).isTrue();
  }

  @Test
  void taskNamesGitRefusesInABranchAreNamed() {
    assertThat(BranchNames.forTask("20261201-120000-ab12", "fee_calc"))
        .isEqualTo("codex-par/20261201-120000-ab12/fee_calc");
    assertThat(BranchNames.problem("fee_calc-2.v1")).isEmpty();
    assertThat(BranchNames.problem(".hidden")).isPresent();
    assertThat(BranchNames.problem("trailing.")).isPresent();
    assertThat(BranchNames.problem("x.lock")).isPresent();
    assertThat(BranchNames.problem("a..b")).get().asString().contains("'..'");
  }

  @Test
  void theCommitMessageIsTheTaskAndTheFirstLineOfItsOutput() {
    assertThat(RunWorktrees.commitMessage("fix", "\n  Fixed the fee rounding.\nDetails...\n"))
        .isEqualTo("fix: Fixed the fee rounding.");
    assertThat(RunWorktrees.commitMessage("fix", null)).isEqualTo("fix");
    assertThat(RunWorktrees.commitMessage("fix", "   ")).isEqualTo("fix");
    assertThat(RunWorktrees.commitMessage("fix", "x".repeat(500))).hasSize(5 + 200);
  }
}
