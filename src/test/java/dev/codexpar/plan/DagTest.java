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
