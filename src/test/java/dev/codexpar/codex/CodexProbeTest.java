package dev.codexpar.codex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodexProbeTest {
  @TempDir Path dir;

  /**
   * A fake codex answering the three probe commands from help files. It first reads stdin to its
   * end, so it would hang (and time out) if the probe left stdin open.
   */
  private Path fakeCodex(String version, String execHelp, String reviewHelp) throws IOException {
    Files.writeString(dir.resolve("exec.txt"), execHelp);
    Files.writeString(dir.resolve("review.txt"), reviewHelp);
    Path script = dir.resolve("codex");
    Files.writeString(
        script,
        String.join(
            "\n",
            "#!/bin/sh",
            "cat > /dev/null",
            "here=$(dirname \"$0\")",
            "case \"$*\" in",
            "  --version) echo 'codex-cli " + version + "' ;;",
            "  'exec --help') cat \"$here/exec.txt\" ;;",
            "  'exec review --help') cat \"$here/review.txt\" ;;",
            "  *) echo \"unexpected: $*\" >&2; exit 2 ;;",
            "esac",
            ""));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  @Test
  void probesAFakeCodex169() throws IOException {
    Path codex =
        fakeCodex(
            "0.169.0",
            Fixtures.text("codex-help/0.169.0/exec.txt"),
            Fixtures.text("codex-help/0.169.0/review.txt"));

    CodexCapabilities caps = CodexProbe.system().probe(codex);

    assertThat(caps).isEqualTo(Fixtures.codex169());
    assertThat(caps.hasExecResume()).isTrue();
    assertThat(caps.hasExecFork()).isTrue();
  }

  @Test
  void theFakeCodexListsResumeAndFork() {
    CodexCapabilities caps = CodexProbe.system().probe(dev.codexpar.testing.FakeCodexScript.path());

    assertThat(caps.execCommands()).containsExactlyInAnyOrder("resume", "fork", "review");
  }

  @Test
  void sessionCommandsComeFromTheCommandsBlockOnly() {
    String help =
        String.join(
            "\n",
            "Usage: codex exec [OPTIONS] [PROMPT]",
            "",
            "Commands:",
            "  resume  Resume a previous session",
            "  help    Print this message",
            "",
            "Options:",
            "  fork    not a command: an option block line",
            "      --json",
            "");

    CodexCapabilities caps = CodexCapabilities.fromHelp("9.9.9", help, "");

    assertThat(caps.execCommands()).containsExactly("resume");
    assertThat(caps.hasExecResume()).isTrue();
    assertThat(caps.hasExecFork()).isFalse();
    assertThat(CodexCapabilities.fromHelp("9.9.9", "--json only", "").execCommands()).isEmpty();
  }

  @Test
  void execHelpPrintedForReviewMeansNoReview() throws IOException {
    // codex 0.42 takes "review" as the prompt and prints the exec help, exit 0
    Path codex =
        fakeCodex(
            "0.42.0",
            Fixtures.text("codex-help/0.42.0/exec.txt"),
            Fixtures.text("codex-help/0.42.0/review.txt"));

    CodexCapabilities caps = CodexProbe.system().probe(codex);

    assertThat(caps).isEqualTo(Fixtures.codex042());
    assertThat(caps.hasReview()).isFalse();
    assertThat(caps.hasExecResume()).isTrue();
    assertThat(caps.hasExecFork()).isFalse();
    assertThat(caps.execSupports("--full-auto")).isTrue();
  }

  @Test
  void failingVersionNamesTheCommandAndItsLastErrorLine() throws IOException {
    Path codex = dir.resolve("codex");
    Files.writeString(
        codex, "#!/bin/sh\necho 'loading' >&2\necho 'node: not found' >&2\nexit 127\n");
    Files.setPosixFilePermissions(codex, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThatThrownBy(() -> CodexProbe.system().probe(codex))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("'codex --version' (" + codex + ") exited 127: node: not found");
  }

  @Test
  void unreadableBinaryIsAnError() {
    assertThatThrownBy(() -> CodexProbe.system().probe(dir.resolve("gone")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot read codex binary " + dir.resolve("gone"));
  }

  @Test
  void probesOncePerBinaryVersionOnDisk() throws IOException {
    Path codex = dir.resolve("codex");
    Files.writeString(codex, "fake");
    List<List<String>> calls = new CopyOnWriteArrayList<>();
    CodexProbe probe =
        new CodexProbe(
            (argv, timeout) -> {
              calls.add(argv);
              assertThat(timeout).isEqualTo(Duration.ofSeconds(20));
              return new CodexProbe.Result(0, "codex-cli 1.2.3 --json", "");
            });

    CodexCapabilities first = probe.probe(codex);
    CodexCapabilities again = probe.probe(dir.resolve(".").resolve("codex"));

    assertThat(again).isSameAs(first);
    assertThat(first.version()).isEqualTo("1.2.3");
    assertThat(calls)
        .containsExactlyInAnyOrder(
            List.of(codex.toString(), "--version"),
            List.of(codex.toString(), "exec", "--help"),
            List.of(codex.toString(), "exec", "review", "--help"));

    Files.setLastModifiedTime(codex, FileTime.from(Instant.now().plusSeconds(60)));
    probe.probe(codex);
    assertThat(calls).hasSize(6);
  }

  @Test
  void asksTheThreeQuestionsAtOnce() throws IOException {
    Path codex = dir.resolve("codex");
    Files.writeString(codex, "fake");
    CountDownLatch allAsked = new CountDownLatch(3);
    CodexProbe probe =
        new CodexProbe(
            (argv, timeout) -> {
              allAsked.countDown();
              // one after another, the first ask would wait here in vain
              try {
                if (!allAsked.await(10, TimeUnit.SECONDS)) {
                  throw new IOException("the asks were not made at once");
                }
              } catch (InterruptedException e) {
                throw new IOException(e);
              }
              return new CodexProbe.Result(0, "codex-cli 1.2.3 --json", "");
            });

    assertThat(probe.probe(codex).version()).isEqualTo("1.2.3");
  }

  @Test
  void aFailingReviewHelpMeansNoReview() throws IOException {
    Path codex = dir.resolve("codex");
    Files.writeString(codex, "fake");
    CodexProbe probe =
        new CodexProbe(
            (argv, timeout) ->
                argv.contains("review")
                    ? new CodexProbe.Result(2, "Usage: codex exec review --uncommitted", "error")
                    : new CodexProbe.Result(0, "--json --sandbox", ""));

    assertThat(probe.probe(codex).hasReview()).isFalse();
  }

  @Test
  void aRunnerErrorBecomesAnIllegalState() throws IOException {
    Path codex = dir.resolve("codex");
    Files.writeString(codex, "fake");
    CodexProbe probe =
        new CodexProbe(
            (argv, timeout) -> {
              throw new IOException("timed out after 20 s");
            });

    assertThatThrownBy(() -> probe.probe(codex))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot run 'codex --version' (" + codex + "): timed out after 20 s");
  }

  @Test
  void aHangingChildIsKilledAtTheTimeout() throws IOException {
    Path script = dir.resolve("hang");
    Files.writeString(script, "#!/bin/sh\nsleep 30\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    long start = System.nanoTime();

    assertThatThrownBy(
            () -> CodexProbe.runChild(List.of(script.toString()), Duration.ofMillis(300)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void runChildSeparatesOutputs() throws IOException {
    CodexProbe.Result result =
        CodexProbe.runChild(
            List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(10));

    assertThat(result).isEqualTo(new CodexProbe.Result(3, "out\n", "err\n"));
  }

  @Test
  void versionIsReadFromTheVersionLine() {
    assertThat(CodexProbe.version("codex-cli 0.169.0\n")).isEqualTo("0.169.0");
    assertThat(CodexProbe.version("codex-cli 0.50.0-alpha.2")).isEqualTo("0.50.0-alpha.2");
    assertThat(CodexProbe.version(" dev build \n")).isEqualTo("dev build");
  }

  @Test
  void probesTheRealCodex() {
    String bin = System.getProperty("codex.bin");
    Assumptions.assumeTrue(bin != null && Files.isExecutable(Path.of(bin)), "no real codex");

    CodexCapabilities caps = CodexLocator.probe(Path.of(bin));

    assertThat(caps.version()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(caps.execSupports("--json")).isTrue();
    if (caps.version().equals("0.169.0")) {
      assertThat(caps).isEqualTo(Fixtures.codex169());
    }
    assertThat(CodexLocator.probe(Path.of(bin))).isSameAs(caps);
  }
}
