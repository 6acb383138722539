package dev.codexpar.git;

import java.util.List;

/**
 * A refused or failed git operation, with its {@link GitFailure kind}, the task it concerns (if
 * any) and, for conflicts and a working tree in the way, the files.
 */
public class GitException extends RuntimeException {
  private final GitFailure kind;
  private final String task;
  private final List<String> files;

  public GitException(GitFailure kind, String message) {
    this(kind, null, List.of(), message);
  }

  public GitException(GitFailure kind, String task, List<String> files, String message) {
    super(message);
    this.kind = kind;
    this.task = task;
    this.files = List.copyOf(files);
  }

  public GitFailure kind() {
    return kind;
  }

  /** The task whose worktree or branch the failure concerns, or null. */
  public String task() {
    return task;
  }

  public List<String> files() {
    return files;
  }
}
