package dev.codexpar.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The browser Origins the HTTP gate lets through (the DNS-rebinding defence). */
class HttpGateTest {
  @Test
  void onlyNoOriginOrOneOnThisMachinePasses() {
    assertThat(HttpGate.localOrigin(null)).isTrue();
    assertThat(HttpGate.localOrigin("http://localhost:3000")).isTrue();
    assertThat(HttpGate.localOrigin("http://127.0.0.1:8080")).isTrue();
    assertThat(HttpGate.localOrigin("http://[::1]:8080")).isTrue();
    assertThat(HttpGate.localOrigin("https://evil.example")).isFalse();
    assertThat(HttpGate.localOrigin("http://localhost.evil.example")).isFalse();
    assertThat(HttpGate.localOrigin("null")).isFalse();
    assertThat(HttpGate.localOrigin("http://bad host")).isFalse();
  }
}
