package dev.codexpar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which arguments bind the HTTP listener before Quarkus boots, and the token rules. */
class HttpOptionsTest {
  private static final Map<String, String> NO_ENV = Map.of();

  @TempDir Path tmp;

  @Test
  void onlyServeWithHttpBindsAndOnLoopbackByDefault() {
    assertThat(ServeCommand.listener(new String[] {"status", "--http", "9000"}, NO_ENV)).isEmpty();
    assertThat(ServeCommand.listener(new String[] {"serve"}, NO_ENV)).isEmpty();
    assertThat(ServeCommand.listener(new String[] {}, NO_ENV)).isEmpty();
    assertThat(ServeCommand.listener(new String[] {"serve", "--http", "9000", "--help"}, NO_ENV))
        .isEmpty();

    HttpOptions.Listener l =
        ServeCommand.listener(new String[] {"serve", "--dir", "/x", "--http=9000"}, NO_ENV)
            .orElseThrow();
    assertThat(l.host()).isEqualTo("127.0.0.1");
    assertThat(l.port()).isEqualTo(9000);
    assertThat(l.token()).isEmpty();
    assertThat(l.url()).isEqualTo("http://127.0.0.1:9000");
    assertThat(Main.listenerSettings(new String[] {"serve", "--http", "9000"}))
        .containsEntry("quarkus.http.host-enabled", "true")
        .containsEntry("quarkus.http.host", "127.0.0.1")
        .containsEntry("quarkus.http.port", "9000");
    assertThat(Main.listenerSettings(new String[] {"status"})).isEmpty();
  }

  @Test
  void argumentsThatWillFailBindNothing() {
    assertThat(ServeCommand.listener(new String[] {"serve", "--http", "nope"}, NO_ENV)).isEmpty();
    assertThat(ServeCommand.listener(new String[] {"serve", "--http", "0"}, NO_ENV)).isEmpty();
    assertThat(ServeCommand.listener(new String[] {"serve", "--http", "9000", "--bogus"}, NO_ENV))
        .isEmpty();
    assertThat(
            ServeCommand.listener(
                new String[] {"serve", "--http", "9000", "--host", "0.0.0.0"}, NO_ENV))
        .isEmpty();
  }

  @Test
  void aNonLoopbackHostNeedsATokenFromTheFileOrTheEnvironment() throws Exception {
    String[] wide = {"serve", "--http", "9000", "--host", "0.0.0.0"};
    assertThat(
            ServeCommand.listener(wide, Map.of("CODEX_PAR_TOKEN", " env-token\n"))
                .flatMap(HttpOptions.Listener::token))
        .contains("env-token");

    Path file = Files.writeString(tmp.resolve("token"), "file-token\n");
    String[] withFile = {
      "serve", "--http", "9000", "--host", "0.0.0.0", "--token-file", file.toString()
    };
    assertThat(
            ServeCommand.listener(withFile, Map.of("CODEX_PAR_TOKEN", "env-token"))
                .flatMap(HttpOptions.Listener::token))
        .as("the file wins over the environment")
        .contains("file-token");

    HttpOptions refused = options("0.0.0.0", null);
    assertThatThrownBy(() -> refused.resolve(NO_ENV))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("--token-file")
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCode.USAGE));
  }

  @Test
  void aTokenMustBeOneWordOfPrintableAscii() throws Exception {
    Path blank = Files.writeString(tmp.resolve("blank"), "\n  \n");
    assertThatThrownBy(() -> options("127.0.0.1", blank).resolve(NO_ENV))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("--token-file");
    assertThatThrownBy(() -> options("127.0.0.1", null).resolve(Map.of("CODEX_PAR_TOKEN", "a b")))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("CODEX_PAR_TOKEN");
    assertThatThrownBy(() -> options("127.0.0.1", tmp.resolve("missing")).resolve(NO_ENV))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("cannot read");
    assertThat(options("::1", null).resolve(NO_ENV).url()).isEqualTo("http://[::1]:9000");
    assertThat(options("localhost", null).resolve(NO_ENV).token()).isEqualTo(Optional.empty());
  }

  private static HttpOptions options(String host, Path tokenFile) {
    HttpOptions options = new HttpOptions();
    options.port = 9000;
    options.host = host;
    options.tokenFile = tokenFile;
    return options;
  }
}
