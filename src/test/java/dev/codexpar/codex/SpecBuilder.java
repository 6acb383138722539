package dev.codexpar.codex;

import dev.codexpar.model.ReviewScope;
import dev.codexpar.model.Sandbox;
import dev.codexpar.model.TaskKind;
import dev.codexpar.model.TaskSpec;
import java.nio.file.Path;
import java.util.List;

/** Builds task specs field by field for tests; starts as a minimal full-auto exec task. */
final class SpecBuilder {
  private TaskKind kind = TaskKind.EXEC;
  private String prompt = "do it";
  private Sandbox sandbox;
  private String model;
  private boolean fullAuto = true;
  private List<String> configOverrides = List.of();
  private String profile;
  private List<Path> images = List.of();
  private List<String> enableFeatures = List.of();
  private List<String> disableFeatures = List.of();
  private ReviewScope review = ReviewScope.NONE;
  private Path outputSchema;
  private boolean worktree;
  private boolean skipGitRepoCheck;
  private String forkFrom;
  private dev.codexpar.model.VerifySpec verify;

  static SpecBuilder exec() {
    return new SpecBuilder();
  }

  static SpecBuilder review(ReviewScope scope) {
    SpecBuilder builder = new SpecBuilder();
    builder.kind = TaskKind.REVIEW;
    builder.review = scope;
    builder.prompt = scope.isEmpty() ? "review the auth code" : null;
    return builder;
  }

  SpecBuilder sandbox(Sandbox value) {
    sandbox = value;
    return this;
  }

  SpecBuilder model(String value) {
    model = value;
    return this;
  }

  SpecBuilder fullAuto(boolean value) {
    fullAuto = value;
    return this;
  }

  SpecBuilder configOverrides(String... values) {
    configOverrides = List.of(values);
    return this;
  }

  SpecBuilder profile(String value) {
    profile = value;
    return this;
  }

  SpecBuilder images(Path... values) {
    images = List.of(values);
    return this;
  }

  SpecBuilder enableFeatures(String... values) {
    enableFeatures = List.of(values);
    return this;
  }

  SpecBuilder disableFeatures(String... values) {
    disableFeatures = List.of(values);
    return this;
  }

  SpecBuilder outputSchema(Path value) {
    outputSchema = value;
    return this;
  }

  SpecBuilder worktree() {
    worktree = true;
    return this;
  }

  SpecBuilder skipGitRepoCheck() {
    skipGitRepoCheck = true;
    return this;
  }

  SpecBuilder forkFrom(String upstream) {
    forkFrom = upstream;
    return this;
  }

  SpecBuilder verify(String command, int rounds) {
    verify = new dev.codexpar.model.VerifySpec(command, rounds, java.time.Duration.ofMinutes(1));
    return this;
  }

  TaskSpec build() {
    return new TaskSpec(
        "t1",
        kind,
        prompt,
        Path.of("/work/repo"),
        sandbox,
        model,
        fullAuto,
        configOverrides,
        profile,
        images,
        enableFeatures,
        disableFeatures,
        "t1",
        "t1",
        List.of(),
        review,
        null,
        outputSchema,
        worktree,
        skipGitRepoCheck,
        dev.codexpar.model.RetryPolicy.NONE,
        forkFrom,
        verify);
  }
}
