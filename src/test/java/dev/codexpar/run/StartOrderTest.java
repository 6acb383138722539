package dev.codexpar.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartOrderTest {
  /** {@code wide} unblocks three short tasks; {@code long_head} one long chain. */
  private static Map<String, List<String>> plan() {
    Map<String, List<String>> deps = new LinkedHashMap<>();
    deps.put("solo", List.of());
    deps.put("wide", List.of());
    deps.put("long_head", List.of());
    deps.put("w1", List.of("wide"));
    deps.put("w2", List.of("wide"));
    deps.put("w3", List.of("wide"));
    deps.put("long_tail", List.of("long_head"));
    return deps;
  }

  @Test
  void withoutHistoryTheTaskWithMostDependantsGoesFirstThenFileOrder() {
    assertThat(StartOrder.of(plan(), Map.of(), Duration.ofSeconds(1)))
        .containsExactly("wide", "long_head", "solo", "w1", "w2", "w3", "long_tail");
  }

  @Test
  void withHistoryTheLongestRemainingPathGoesFirst() {
    Map<String, Duration> known =
        Map.of(
            "wide", Duration.ofSeconds(1),
            "w1", Duration.ofSeconds(1),
            "w2", Duration.ofSeconds(1),
            "w3", Duration.ofSeconds(1),
            "long_head", Duration.ofSeconds(5),
            "long_tail", Duration.ofSeconds(20),
            "solo", Duration.ofSeconds(3));
    assertThat(StartOrder.of(plan(), known, Duration.ofSeconds(1)))
        .containsExactly("long_head", "long_tail", "solo", "wide", "w1", "w2", "w3");
  }

  @Test
  void aTaskWithoutHistoryCountsTheFallback() {
    Map<String, Duration> known = Map.of("solo", Duration.ofSeconds(3));
    // long_head + long_tail at the fallback 2 s each (4 s) outweigh solo's 3 s and wide's chain.
    assertThat(StartOrder.of(plan(), known, Duration.ofSeconds(2)).subList(0, 3))
        .containsExactly("wide", "long_head", "solo");
  }
}
