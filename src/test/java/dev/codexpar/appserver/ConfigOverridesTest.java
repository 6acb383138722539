package dev.codexpar.appserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigOverridesTest {
  @Test
  void readsValuesAsCodexReadsAMinusCValue() {
    Map<String, Object> config =
        ConfigOverrides.toConfig(
            List.of(
                "model_provider=\"mock\"",
                "model_providers.mock.request_max_retries=0",
                "analytics.enabled=false",
                "model_reasoning_effort=high",
                "sandbox_workspace_write.writable_roots=[\"/tmp/a\", \"/tmp/b\"]",
                "ratio=0.5",
                "literal='C:\\path'"));

    assertThat(config)
        .containsExactly(
            Map.entry("model_provider", "mock"),
            Map.entry("model_providers.mock.request_max_retries", 0L),
            Map.entry("analytics.enabled", false),
            Map.entry("model_reasoning_effort", "high"),
            Map.entry("sandbox_workspace_write.writable_roots", List.of("/tmp/a", "/tmp/b")),
            Map.entry("ratio", 0.5),
            Map.entry("literal", "C:\\path"));
  }

  @Test
  void laterKeysWinAndBrokenTomlStaysText() {
    assertThat(ConfigOverrides.toConfig(List.of("a=1", "b=[not json", "a=2")))
        .containsExactly(Map.entry("a", 2L), Map.entry("b", "[not json"));
  }

  @Test
  void refusesAnEntryWithoutAKey() {
    assertThatThrownBy(() -> ConfigOverrides.toConfig(List.of("=x")))
        .hasMessage("config override '=x' must be key=value");
    assertThatThrownBy(() -> ConfigOverrides.toConfig(List.of("novalue")))
        .hasMessage("config override 'novalue' must be key=value");
  }
}
