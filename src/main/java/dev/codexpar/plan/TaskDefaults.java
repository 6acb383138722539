package dev.codexpar.plan;

import dev.codexpar.model.RetryPolicy;
import dev.codexpar.model.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The top-level {@code defaults:} block; tasks override each value (config_overrides append). */
record TaskDefaults(
    Path cwd,
    Sandbox sandbox,
    String model,
    String profile,
    Duration timeout,
    List<String> configOverrides,
    Boolean skipGitRepoCheck,
    Boolean worktree,
    RetryPolicy retry) {
  static final TaskDefaults NONE =
      new TaskDefaults(null, null, null, null, null, List.of(), null, null, RetryPolicy.NONE);
}
