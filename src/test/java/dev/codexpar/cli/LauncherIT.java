package dev.codexpar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.codexpar.testing.FakeCodexScript;
import dev.codexpar.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./codex-par} launcher: clean stdout, Quarkus booted only for {@code serve}, a start-up
 * cache per kind of command and JVM (an AOT cache on Java 25+, a class-data archive before), safe
 * fallback.
 */
class LauncherIT {
  private static final Duration LIMIT = Duration.ofMinutes(2);
  private static final Path APP = Launcher.script().getParent().resolve("target/quarkus-app");

  /** Loaded only when Quarkus boots (CDI, config, Vert.x and the MCP server follow). */
  private static final String QUARKUS_BOOT = "io.quarkus.runtime.ApplicationLifecycleManager ";

  @TempDir Path tmp;

  @Test
  void stdoutCarriesOnlyTheCommandsOutput() {
    Launcher.Result r = Launcher.run(tmp, Map.of(), LIMIT, "--version");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).matches("codex-par \\S+\\n");
    assertThat(archives()).isNotEmpty();
  }

  @Test
  void onlyServeBootsQuarkus() throws IOException {
    // Class loading logged to stderr: stdout stays the command's own.
    Map<String, String> logClasses = Map.of("CODEX_PAR_JAVA_OPTS", "-Xlog:class+load=info:stderr");
    Path finished = Launcher.script().getParent().resolve("src/main/launcher/training-run");
    Path tasks =
        Files.writeString(
            tmp.resolve("tasks.yaml"), "tasks:\n  - {name: a, cwd: ., prompt: 'FAKE: ok'}\n");
    Path fakeCodex = FakeCodexScript.path();
    for (String[] direct :
        List.of(
            new String[] {"--help"},
            new String[] {"status", "--dir", finished.toString()},
            new String[] {"tail", "--help"},
            new String[] {"clean", "--help"},
            new String[] {
              "run",
              tasks.toString(),
              "--dir",
              tmp.resolve("run").toString(),
              "--codex-bin",
              fakeCodex.toString()
            })) {
      Launcher.Result r = Launcher.run(tmp, logClasses, LIMIT, direct);
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.err()).as(String.join(" ", direct)).doesNotContain(QUARKUS_BOOT);
    }
    Launcher.Result serve = Launcher.run(tmp, logClasses, LIMIT, "serve", "--help");
    assertThat(serve.exitCode()).as(serve.toString()).isZero();
    assertThat(serve.err()).contains(QUARKUS_BOOT);
  }

  @Test
  void theStartUpCacheHoldsTheClassesOfARunNotOnlyThoseOfStatus() throws IOException {
    Path tasks =
        Files.writeString(
            tmp.resolve("tasks.yaml"), "tasks:\n  - {name: a, cwd: ., prompt: 'FAKE: ok'}\n");
    Map<String, String> logClasses = Map.of("CODEX_PAR_JAVA_OPTS", "-Xlog:class+load=info:stderr");
    String[] run = {
      "run",
      tasks.toString(),
      "--dir",
      tmp.resolve("run").toString(),
      "--codex-bin",
      FakeCodexScript.path().toString()
    };
    Launcher.run(tmp, Map.of(), LIMIT, "--help"); // the cache exists before the logged start
    Launcher.Result r = Launcher.run(tmp, logClasses, LIMIT, run);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    // The training ran a plan through the engine: its YAML, engine and process classes came from
    // the cache (a cache trained on status alone left about a thousand of them out).
    for (String loaded :
        List.of(
            "org.yaml.snakeyaml.parser.ParserImpl",
            "dev.codexpar.run.Run",
            "dev.codexpar.run.TaskLauncher",
            "dev.codexpar.process.ProcessTree")) {
      assertThat(r.err().lines().filter(l -> l.contains(" " + loaded + " ")))
          .as(loaded)
          .isNotEmpty()
          .allMatch(l -> l.contains("source: shared objects file"));
    }
  }

  @Test
  void java25GetsItsOwnAotCacheAndABrokenCacheIsNoHarm() throws IOException {
    Path otherJdk = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    assumeTrue(Files.isExecutable(otherJdk.resolve("bin/java")), "no second JDK here");
    Launcher.run(tmp, Map.of(), LIMIT, "--version");
    for (Path cache : archives()) { // an earlier test's Java 25 cache: this one must make its own
      if (cache.getFileName().toString().endsWith(".aot")) {
        Files.delete(cache);
      }
    }
    List<Path> before = archives();
    Path folderArchive =
        before.stream()
            .filter(p -> p.getFileName().toString().startsWith("codex-par-direct-"))
            .findFirst()
            .orElseThrow();

    Launcher.Result other =
        Launcher.run(tmp, Map.of("JAVA_HOME", otherJdk.toString()), LIMIT, "--version");
    assertThat(other.exitCode()).as(other.toString()).isZero();
    assertThat(other.out()).matches("codex-par \\S+\\n");
    List<Path> added = new ArrayList<>(archives());
    assertThat(added).containsAll(before);
    added.removeAll(before);
    assertThat(added).hasSize(1);
    Path aot = added.get(0);
    assertThat(aot.getFileName().toString()).startsWith("codex-par-direct-").endsWith(".aot");

    Files.writeString(aot, "not an AOT cache");
    Launcher.Result broken =
        Launcher.run(tmp, Map.of("JAVA_HOME", otherJdk.toString()), LIMIT, "--version");
    assertThat(broken.exitCode()).as(broken.toString()).isZero();
    assertThat(broken.out()).matches("codex-par \\S+\\n");

    // Back to the build's JVM: its archive was kept, so switching JVMs never rebuilds one.
    FileTime made = Files.getLastModifiedTime(folderArchive);
    Launcher.run(tmp, Map.of(), LIMIT, "--version");
    assertThat(Files.getLastModifiedTime(folderArchive)).isEqualTo(made);
    Files.delete(aot); // the broken one: the next run on Java 25 makes a good one
  }

  private static List<Path> archives() {
    try (Stream<Path> files = Files.list(APP)) {
      return files
          .filter(p -> p.getFileName().toString().matches("codex-par-.*\\.(jsa|aot)"))
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
