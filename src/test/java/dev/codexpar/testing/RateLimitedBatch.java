package dev.codexpar.testing;

import dev.codexpar.codex.CodexCapabilities;
import dev.codexpar.codex.CodexLocator;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.plan.Plan;
import dev.codexpar.plan.PlanLoader;
import dev.codexpar.run.RunOptions;
import dev.codexpar.run.RunRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A batch of real codex tasks of two model requests each (one command, then the reply) against a
 * {@link MockModelServer} that keeps a rate limit, run by the engine with retries: what issue 21's
 * rate-limited benchmark measures, and what {@code RateLimitedRunIT} checks.
 *
 * @param tasks how many tasks
 * @param slots the run's {@code max_parallel}
 * @param retries each task's retries (rate limits are transient)
 * @param retryDelay the first retry's wait, when the failure names none
 */
public record RateLimitedBatch(int tasks, int slots, int retries, Duration retryDelay) {
  /** Requests each task's first turn makes when nothing refuses it. */
  public static final int REQUESTS_PER_TASK = 2;

  /** The run's last snapshot, and the mock's requests. */
  public record Outcome(RunSnapshot last, MockModelServer mock, Duration makespan) {}

  /**
   * Runs the batch against a fresh mock keeping {@code limit}, in a new folder under {@code tmp};
   * the mock is closed when this returns (its recorded requests stay readable).
   */
  public Outcome run(RunRegistry registry, Path tmp, MockModelServer.RateLimit limit) {
    return run(registry, tmp, MockModelServer.start(limit));
  }

  /** The same batch against a mock without a limit: what the batch costs without one. */
  public Outcome runUnlimited(RunRegistry registry, Path tmp) {
    return run(registry, tmp, MockModelServer.start());
  }

  private Outcome run(RunRegistry registry, Path tmp, MockModelServer started) {
    try (MockModelServer mock = started) {
      Path root = Files.createTempDirectory(tmp, "rate-limited-");
      Files.createDirectories(root.resolve("work"));
      CodexTestEnv env = CodexTestEnv.create(mock.baseUrl(), root.resolve("codex-home"));
      CodexCapabilities caps = CodexLocator.probe(CodexTestEnv.codexBin());
      Plan plan = new PlanLoader().parse(env.tasksYaml(tasksBlock()), root, "tasks.yaml", caps);
      RunOptions options =
          new RunOptions(
              slots,
              true,
              false,
              CodexTestEnv.codexBin(),
              env.environment(),
              RunOptions.DEFAULT_KILL_GRACE);
      RunSnapshot last =
          registry
              .start(plan, root.resolve("run"), options, caps, t -> {})
              .completion()
              .await()
              .atMost(Duration.ofMinutes(5));
      return new Outcome(last, mock, Duration.between(last.startedAt(), last.endedAt()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String tasksBlock() {
    StringBuilder block = new StringBuilder();
    for (int i = 1; i <= tasks; i++) {
      block
          .append("  - name: t")
          .append(i)
          .append("\n    retries: ")
          .append(retries)
          .append("\n    retry_delay: ")
          .append(retryDelay.toMillis())
          .append("ms\n    prompt: |\n      Task ")
          .append(i)
          .append(".\n      @mock cmd=echo ")
          .append(i)
          .append("\n      @mock reply=done ")
          .append(i)
          .append('\n');
    }
    return block.toString();
  }
}
