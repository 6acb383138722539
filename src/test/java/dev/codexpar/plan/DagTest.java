package dev.codexpar.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DagTest {
  @Test
  void wavesAreKahnLevels() {
    Map<String, List<String>> deps = new LinkedHashMap<>();
    deps.put("a", List.of());
    deps.put("b", List.of());
    deps.put("c", List.of("a"));
    deps.put("d", List.of("c", "b"));
    assertThat(Dag.waves(deps)).isEqualTo(Map.of("a", 0, "b", 0, "c", 1, "d", 2));
    assertThat(Dag.findCycle(deps)).isEmpty();
  }

  @Test
  void downstreamFollowsDependantsTransitively() {
    Map<String, List<String>> deps = new LinkedHashMap<>();
    deps.put("a", List.of());
    deps.put("b", List.of("a"));
    deps.put("c", List.of("b"));
    deps.put("d", List.of());
    assertThat(Dag.downstream(deps, java.util.Set.of("a")))
        .containsExactlyInAnyOrder("a", "b", "c");
    assertThat(Dag.downstream(deps, java.util.Set.of("d"))).containsExactly("d");
    assertThat(Dag.dependantCounts(deps)).isEqualTo(Map.of("a", 2, "b", 1, "c", 0, "d", 0));
  }

  @Test
  void wavesOfABatchInAnyOrderOnTopOfKnownWaves() {
    Map<String, List<String>> batch = new LinkedHashMap<>();
    batch.put("c", List.of("d"));
    batch.put("d", List.of("first"));
    batch.put("e", List.of());
    assertThat(Dag.waves(batch, Map.of("first", 0)))
        .containsExactly(Map.entry("c", 2), Map.entry("d", 1), Map.entry("e", 0));
  }

  @Test
  void aBatchWithACycleOrAnUnknownDependencyNamesIt() {
    Map<String, List<String>> cycle = new LinkedHashMap<>();
    cycle.put("x", List.of());
    cycle.put("y", List.of("a"));
    cycle.put("a", List.of("b"));
    cycle.put("b", List.of("a"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Dag.waves(cycle))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task 'a' is in a dependency cycle: a -> b -> a");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Dag.waves(Map.of("c", List.of("nowhere")), Map.of("first", 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task 'c' depends on unknown task 'nowhere'");
  }

  @Test
  void aLongChainNeedsNoDeepStack() {
    Map<String, List<String>> chain = new LinkedHashMap<>();
    for (int i = 0; i < 100_000; i++) {
      chain.put("t" + i, i == 0 ? List.of() : List.of("t" + (i - 1)));
    }
    assertThat(Dag.waves(chain).get("t99999")).isEqualTo(99_999);
  }

  @Test
  void durations() {
    assertThat(DurationText.parse("90s")).contains(Duration.ofSeconds(90));
    assertThat(DurationText.parse("1h30m")).contains(Duration.ofMinutes(90));
    assertThat(DurationText.parse("500ms")).contains(Duration.ofMillis(500));
    assertThat(DurationText.parse("45")).contains(Duration.ofSeconds(45));
    assertThat(DurationText.parse("soon")).isEmpty();
    assertThat(DurationText.parse("5x")).isEmpty();
    assertThat(DurationText.format(Duration.ofSeconds(754))).isEqualTo("12m34s");
  }
}
