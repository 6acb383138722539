package dev.codexpar.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexpar.model.TaskStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnreachableTest {
  @Test
  void dependantsListedBeforeTheirFailedDependencyAreAllSkipped() {
    Map<String, List<String>> deps = new LinkedHashMap<>();
    deps.put("grandchild", List.of("dependant"));
    deps.put("dependant", List.of("bad"));
    deps.put("bad", List.of());
    deps.put("other", List.of());
    Map<String, TaskStatus> statuses =
        Map.of(
            "grandchild", TaskStatus.PENDING,
            "dependant", TaskStatus.PENDING,
            "bad", TaskStatus.FAILED,
            "other", TaskStatus.PENDING);

    assertThat(Unreachable.of(statuses, deps))
        .containsExactly(
            Map.entry("dependant", "dependency 'bad' failed"),
            Map.entry("grandchild", "dependency 'dependant' skipped"));
  }

  @Test
  void aDoneOrRunningDependencySkipsNothing() {
    Map<String, List<String>> deps = new LinkedHashMap<>();
    deps.put("a", List.of());
    deps.put("b", List.of("a"));
    assertThat(Unreachable.of(Map.of("a", TaskStatus.DONE, "b", TaskStatus.PENDING), deps))
        .isEmpty();
    assertThat(Unreachable.of(Map.of("a", TaskStatus.RUNNING, "b", TaskStatus.PENDING), deps))
        .isEmpty();
  }
}
