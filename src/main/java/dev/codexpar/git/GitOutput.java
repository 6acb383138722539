package dev.codexpar.git;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads the machine formats of the git commands codex-par runs; pure. */
final class GitOutput {
  private GitOutput() {}

  /** What {@code git diff --numstat -z --no-renames} counts; a binary file adds no lines. */
  record Change(int files, long insertions, long deletions) {}

  static Change numstat(String z) {
    int files = 0;
    long insertions = 0;
    long deletions = 0;
    for (String entry : z.split("\0")) {
      String[] fields = entry.split("\t", 3);
      if (fields.length < 3) {
        continue;
      }
      files++;
      insertions += count(fields[0]);
      deletions += count(fields[1]);
    }
    return new Change(files, insertions, deletions);
  }

  private static long count(String field) {
    return field.equals("-") ? 0 : Long.parseLong(field.strip());
  }

  /**
   * {@code git merge-tree --write-tree -z --name-only}: the tree, then each conflicted file, then
   * an empty field and git's messages.
   */
  record MergedTree(String tree, List<String> conflicts) {}

  static MergedTree mergeTree(String z) {
    String[] fields = z.split("\0", -1);
    Set<String> conflicts = new LinkedHashSet<>();
    for (int i = 1; i < fields.length && !fields[i].isEmpty(); i++) {
      conflicts.add(fields[i]);
    }
    return new MergedTree(fields[0].strip(), List.copyOf(conflicts));
  }

  /**
   * The paths {@code git status --porcelain -z} lists (changed, staged or untracked); a rename's or
   * copy's entry is followed by its old path, which counts too.
   */
  static Set<String> statusPaths(String z) {
    Set<String> paths = new LinkedHashSet<>();
    String[] fields = z.split("\0");
    for (int i = 0; i < fields.length; i++) {
      String entry = fields[i];
      if (entry.length() < 4) {
        continue;
      }
      paths.add(entry.substring(3));
      if (entry.charAt(0) == 'R' || entry.charAt(0) == 'C') {
        i++;
        if (i < fields.length) {
          paths.add(fields[i]);
        }
      }
    }
    return paths;
  }

  /** One entry of {@code git worktree list --porcelain}; branch is null for a detached one. */
  record ListedWorktree(Path path, String branch) {}

  static List<ListedWorktree> worktrees(String porcelain) {
    List<ListedWorktree> found = new ArrayList<>();
    Path path = null;
    String branch = null;
    for (String line : (porcelain + "\n\n").split("\n", -1)) {
      if (line.startsWith("worktree ")) {
        path = Path.of(line.substring("worktree ".length()));
      } else if (line.startsWith("branch ")) {
        branch = line.substring("branch ".length());
      } else if (line.isEmpty() && path != null) {
        found.add(new ListedWorktree(path, branch));
        path = null;
        branch = null;
      }
    }
    return found;
  }
}
