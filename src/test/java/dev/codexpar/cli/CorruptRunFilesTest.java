package dev.codexpar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexpar.testing.FakeCodexScript;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A corrupt run.meta.json: every command says which file, in one line, exit 2, no stack trace. */
class CorruptRunFilesTest {
  @TempDir Path tmp;

  private record Result(int code, String err) {}

  private static Result execute(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = CommandLineSetup.configure(new CommandLine(CodexParCommand.class));
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    return new Result(cli.execute(args), err.toString());
  }

  @Test
  void statusTailRunAndCleanNameTheCorruptFile() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("run"));
    Path meta =
        Files.writeString(dir.resolve("run.meta.json"), "{\"run_id\": \"r1\", \"tasks\": [");
    Path tasks =
        Files.writeString(tmp.resolve("tasks.yaml"), "tasks:\n  - {name: a, cwd: ., prompt: p}\n");
    for (List<String> args :
        List.of(
            List.of("status", "--dir", dir.toString()),
            List.of("tail", "a", "--no-follow", "--dir", dir.toString()),
            List.of("clean", "--dir", dir.toString()),
            List.of(
                "run",
                tasks.toString(),
                "--dir",
                dir.toString(),
                "--codex-bin",
                FakeCodexScript.path().toString()))) {
      Result result = execute(args.toArray(String[]::new));
      assertThat(result.code()).as("%s", args).isEqualTo(ExitCode.USAGE);
      assertThat(result.err())
          .as("%s", args)
          .startsWith("codex-par: " + meta + " is not a readable codex-par file (")
          .doesNotContain("\tat ");
      assertThat(result.err().strip().lines()).hasSize(1);
    }
    assertThat(meta).exists();
  }
}
