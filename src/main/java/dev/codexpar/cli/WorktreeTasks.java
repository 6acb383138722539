package dev.codexpar.cli;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.store.RunFolder;
import dev.codexpar.usecase.Refusal;
import java.util.function.Supplier;

/**
 * The run in a folder, as {@code diff} and {@code merge} read it, and their refusals' exit codes.
 */
final class WorktreeTasks {
  private WorktreeTasks() {}

  static RunSnapshot read(DirOption dir) {
    RunFolder folder = new RunFolder(dir.dir());
    return folder
        .read()
        .orElseThrow(() -> new CliException(ExitCode.USAGE, "no run in " + folder.root()));
  }

  /**
   * Runs a use case of {@link dev.codexpar.usecase.TaskBranches}: a merge refused with the
   * repository left as it was is {@link ExitCode#MERGE_REFUSED}, any other refusal a usage error.
   */
  static <T> T refusedAs(Supplier<T> work) {
    try {
      return work.get();
    } catch (Refusal e) {
      int code = e.kind() == Refusal.Kind.MERGE_REFUSED ? ExitCode.MERGE_REFUSED : ExitCode.USAGE;
      throw new CliException(code, e.getMessage());
    }
  }
}
