package dev.codexpar.appserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.codexpar.process.ProcessTree;
import dev.codexpar.testing.FakeCodexScript;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppServerClientTest {
  private final ExecutorService readers = Executors.newCachedThreadPool();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final AppServerClient.Io io =
      new AppServerClient.Io(
          readers,
          timer,
          new ProcessTree(timer),
          Duration.ofSeconds(30),
          Duration.ofSeconds(3),
          name -> null);

  @TempDir Path tmp;

  @AfterEach
  void stop() {
    readers.shutdownNow();
    timer.shutdownNow();
  }

  @Test
  void aCodexWithoutAppServerIsUnreachableInItsOwnWords() {
    // the fake codex knows only exec, as a codex from before the app-server
    AppServerEndpoint.Stdio endpoint =
        new AppServerEndpoint.Stdio(
            FakeCodexScript.shArgv("app-server"), tmp, Map.of(), tmp.resolve("app-server.log"));

    AppServerException e =
        catchThrowableOfType(AppServerException.class, () -> AppServerClient.connect(endpoint, io));

    assertThat(e.kind()).isEqualTo(AppServerException.Kind.UNREACHABLE);
    assertThat(e.getMessage())
        .startsWith("local app-server (pid ")
        .endsWith(
            "initialize failed: the app-server exited 2: "
                + "fake codex: unsupported command: app-server");
  }

  @Test
  void aTokenVariableThatIsNotSetIsNamedAndNothingIsTried() {
    AppServerEndpoint.WebSocket endpoint =
        new AppServerEndpoint.WebSocket(java.net.URI.create("ws://127.0.0.1:9"), "NO_SUCH_TOKEN");

    AppServerException e =
        catchThrowableOfType(AppServerException.class, () -> AppServerClient.connect(endpoint, io));

    assertThat(e.kind()).isEqualTo(AppServerException.Kind.UNREACHABLE);
    assertThat(e.getMessage())
        .isEqualTo("ws://127.0.0.1:9: the token variable NO_SUCH_TOKEN is not set");
  }
}
