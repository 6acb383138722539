package dev.codexpar.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexpar.model.RetryPolicy;
import dev.codexpar.model.TaskKind;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.store.DurationHistory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanEstimateTest {
  @Test
  void knownTasksTakeTheirHistoryAndTheOthersTheMedianOfIt() {
    List<TaskSpec> plan =
        List.of(spec("a", List.of()), spec("b", List.of("a")), spec("c", List.of()));
    Map<String, Duration> history =
        Map.of(
            DurationHistory.key("a", "prompt of a"), Duration.ofSeconds(10),
            DurationHistory.key("c", "prompt of c"), Duration.ofSeconds(30),
            DurationHistory.key("b", "another prompt"), Duration.ofSeconds(99));

    PlanEstimate estimate = PlanEstimate.of(plan, history);

    assertThat(estimate.informed()).isTrue();
    assertThat(estimate.known()).containsOnlyKeys("a", "c");
    assertThat(estimate.fallback()).isEqualTo(Duration.ofSeconds(30));
    assertThat(estimate.path().tasks()).containsExactly("a", "b");
    assertThat(estimate.path().length()).isEqualTo(Duration.ofSeconds(40));
  }

  @Test
  void withoutHistoryEveryTaskIsTheDefault() {
    PlanEstimate estimate = PlanEstimate.of(List.of(spec("a", List.of())), Map.of());
    assertThat(estimate.informed()).isFalse();
    assertThat(estimate.estimate("a")).isEqualTo(PlanEstimate.DEFAULT);
  }

  private static TaskSpec spec(String name, List<String> deps) {
    return new TaskSpec(
        name,
        TaskKind.EXEC,
        "prompt of " + name,
        Path.of("."),
        null,
        null,
        false,
        List.of(),
        null,
        List.of(),
        List.of(),
        List.of(),
        name,
        name,
        deps,
        null,
        null,
        null,
        false,
        false,
        RetryPolicy.NONE,
        null,
        null);
  }
}
