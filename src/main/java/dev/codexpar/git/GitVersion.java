package dev.codexpar.git;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The version {@code git --version} prints ({@code git version 2.39.5 (Apple Git-154)}). */
record GitVersion(int major, int minor) {
  /** {@code git merge-tree --write-tree}, which merges without a working tree, came in 2.38. */
  static final GitVersion MERGE_TREE = new GitVersion(2, 38);

  private static final Pattern VERSION = Pattern.compile("git version (\\d+)\\.(\\d+)");

  static Optional<GitVersion> parse(String versionLine) {
    Matcher m = VERSION.matcher(versionLine);
    return m.find()
        ? Optional.of(new GitVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))))
        : Optional.empty();
  }

  boolean atLeast(GitVersion other) {
    return major != other.major ? major > other.major : minor >= other.minor;
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
