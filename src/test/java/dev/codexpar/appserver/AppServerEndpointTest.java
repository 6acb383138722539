package dev.codexpar.appserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class AppServerEndpointTest {
  @Test
  void aWebSocketHostIsNamedByItsUrlAndKeepsOnlyTheTokensVariable() {
    AppServerEndpoint.WebSocket host =
        new AppServerEndpoint.WebSocket(URI.create("wss://build-box:4500/"), "BOX_TOKEN");

    assertThat(host.name()).isEqualTo("wss://build-box:4500/");
    assertThat(host.tokenEnv()).isEqualTo("BOX_TOKEN");
    assertThat(new AppServerEndpoint.WebSocket(URI.create("wss://codex.example.com"), null).name())
        .isEqualTo("wss://codex.example.com");
  }

  @Test
  void refusesWhatIsNoAppServerUrl() {
    assertThatThrownBy(
            () -> new AppServerEndpoint.WebSocket(URI.create("http://127.0.0.1:4500"), null))
        .hasMessage("app-server URL http://127.0.0.1:4500 must start with ws:// or wss://");
    assertThatThrownBy(() -> new AppServerEndpoint.WebSocket(URI.create("ws://127.0.0.1"), null))
        .hasMessage("app-server URL ws://127.0.0.1 needs a host and a port");
    assertThatThrownBy(
            () -> new AppServerEndpoint.WebSocket(URI.create("ws://me:pw@127.0.0.1:4500"), null))
        .hasMessage("app-server URL must not hold credentials; name a token variable instead");
  }
}
