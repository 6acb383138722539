package dev.codexpar.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CriticalPathTest {
  @Test
  void theLongestChainByEstimatesAndItsLength() {
    Map<String, List<String>> deps = new LinkedHashMap<>();
    deps.put("fetch", List.of());
    deps.put("lint", List.of());
    deps.put("build", List.of("fetch"));
    deps.put("test", List.of("build", "lint"));
    deps.put("docs", List.of("fetch"));
    Map<String, Duration> estimates =
        Map.of(
            "fetch", Duration.ofSeconds(10),
            "lint", Duration.ofSeconds(50),
            "build", Duration.ofSeconds(30),
            "test", Duration.ofSeconds(20),
            "docs", Duration.ofSeconds(5));

    CriticalPath path = CriticalPath.of(deps, estimates::get);

    assertThat(path.tasks()).containsExactly("lint", "test");
    assertThat(path.length()).isEqualTo(Duration.ofSeconds(70));
    assertThat(CriticalPath.remaining(deps, estimates::get))
        .containsEntry("fetch", Duration.ofSeconds(60))
        .containsEntry("build", Duration.ofSeconds(50))
        .containsEntry("docs", Duration.ofSeconds(5));
  }

  @Test
  void anEmptyPlanHasAnEmptyPath() {
    CriticalPath path = CriticalPath.of(Map.of(), name -> Duration.ofSeconds(1));
    assertThat(path.tasks()).isEmpty();
    assertThat(path.length()).isZero();
  }
}
