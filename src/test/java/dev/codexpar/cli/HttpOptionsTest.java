package dev.codexpar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where {@code serve --http} listens, and the token rules. */
class HttpOptionsTest {
  private static final Map<String, String> NO_ENV = Map.of();

  @TempDir Path tmp;

  @Test
  void theListenerIsOnLoopbackByDefault() {
    HttpOptions.Listener l = resolve(NO_ENV, "--dir", "/x", "--http=9000");
    assertThat(l.host()).isEqualTo("127.0.0.1");
    assertThat(l.port()).isEqualTo(9000);
    assertThat(l.token()).isEmpty();
    assertThat(l.url()).isEqualTo("http://127.0.0.1:9000");
    assertThat(l.onPort(9001).url()).isEqualTo("http://127.0.0.1:9001");
  }

  @Test
  void aPortOutOfRangeIsAUsageError() {
    for (String port : new String[] {"0", "65536", "-1"}) {
      assertThatThrownBy(() -> resolve(NO_ENV, "--http=" + port))
          .isInstanceOf(CliException.class)
          .hasMessageContaining("--http takes a port from 1 to 65535")
          .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }
  }

  @Test
  void aNonLoopbackHostNeedsATokenFromTheFileOrTheEnvironment() throws Exception {
    assertThat(
            resolve(
                    Map.of("CODEX_PAR_TOKEN", " env-token\n"),
                    "--http",
                    "9000",
                    "--host",
                    "0.0.0.0")
                .token())
        .contains("env-token");

    Path file = Files.writeString(tmp.resolve("token"), "file-token\n");
    assertThat(
            resolve(
                    Map.of("CODEX_PAR_TOKEN", "env-token"),
                    "--http",
                    "9000",
                    "--host",
                    "0.0.0.0",
                    "--token-file",
                    file.toString())
                .token())
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

  /** The listener of {@code serve} with these arguments, as the command resolves it. */
  private static HttpOptions.Listener resolve(Map<String, String> env, String... serveArgs) {
    ServeCommand command = new ServeCommand();
    new CommandLine(command).parseArgs(serveArgs);
    return command.http.resolve(env);
  }

  private static HttpOptions options(String host, Path tokenFile) {
    HttpOptions options = new HttpOptions();
    options.port = 9000;
    options.host = host;
    options.tokenFile = tokenFile;
    return options;
  }
}
