package dev.codexpar.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One validated task: every path absolute, every default applied. Optional values are null when
 * unset.
 *
 * @param prompt the task's own prompt (null only for a review task with a scope flag)
 * @param sandbox null lets codex (or its profile) decide
 * @param fullAuto resolved: true unless the sandbox is read-only or the YAML says false
 * @param timeout null means no limit
 * @param retry when a failed attempt runs again
 * @param forkFrom the task whose codex session this one starts as a fork of (it is also in {@code
 *     dependsOn}); null for a fresh session
 * @param verify the check that must pass before the task is done; null for none
 */
public record TaskSpec(
    String name,
    TaskKind kind,
    String prompt,
    Path cwd,
    Sandbox sandbox,
    String model,
    boolean fullAuto,
    List<String> configOverrides,
    String profile,
    List<Path> images,
    List<String> enableFeatures,
    List<String> disableFeatures,
    String agentId,
    String threadId,
    List<String> dependsOn,
    ReviewScope review,
    Duration timeout,
    Path outputSchema,
    boolean worktree,
    boolean skipGitRepoCheck,
    RetryPolicy retry,
    String forkFrom,
    VerifySpec verify) {

  public TaskSpec {
    configOverrides = List.copyOf(configOverrides);
    images = List.copyOf(images);
    enableFeatures = List.copyOf(enableFeatures);
    disableFeatures = List.copyOf(disableFeatures);
    dependsOn = List.copyOf(dependsOn);
  }

  /** A minimal exec task, for callers that fill the rest with {@code with...} style copies. */
  public static TaskSpec exec(String name, String prompt, Path cwd) {
    return new TaskSpec(
        name,
        TaskKind.EXEC,
        prompt,
        cwd,
        null,
        null,
        true,
        List.of(),
        null,
        List.of(),
        List.of(),
        List.of(),
        name,
        name,
        List.of(),
        ReviewScope.NONE,
        null,
        null,
        false,
        false,
        RetryPolicy.NONE,
        null,
        null);
  }

  public TaskSpec withDependsOn(List<String> deps) {
    return new TaskSpec(
        name,
        kind,
        prompt,
        cwd,
        sandbox,
        model,
        fullAuto,
        configOverrides,
        profile,
        images,
        enableFeatures,
        disableFeatures,
        agentId,
        threadId,
        deps,
        review,
        timeout,
        outputSchema,
        worktree,
        skipGitRepoCheck,
        retry,
        forkFrom,
        verify);
  }
}
