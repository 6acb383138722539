package dev.codexpar.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.codexpar.plan.TasksFile.Refusal;
import dev.codexpar.plan.TasksFile.TasksFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tasks files and YAML built to break the loader: each is refused with a precise problem. */
class HostileTasksTest {
  @TempDir Path dir;

  private List<String> problems(String yaml) {
    try {
      new PlanLoader().parse(yaml, dir, "tasks.yaml", null);
    } catch (PlanException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
    throw new AssertionError("expected validation problems");
  }

  private static Refusal refusalOf(Path file) {
    try {
      TasksFile.read(file);
    } catch (TasksFileException e) {
      return e.refusal();
    }
    throw new AssertionError("expected " + file + " to be refused");
  }

  @Test
  void onlyRegularFilesOfBoundedSizeAndUtf8AreRead() throws Exception {
    assertThat(refusalOf(Path.of("/dev/zero"))).isEqualTo(Refusal.NOT_A_FILE);
    assertThat(refusalOf(dir)).isEqualTo(Refusal.NOT_A_FILE);
    Path fifo = dir.resolve("fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    // a pipe nobody writes: opening it would block for good
    assertTimeoutPreemptively(
        Duration.ofSeconds(5), () -> assertThat(refusalOf(fifo)).isEqualTo(Refusal.NOT_A_FILE));
    assertThat(refusalOf(dir.resolve("missing.yaml"))).isEqualTo(Refusal.NOT_FOUND);
    Path big = dir.resolve("big.yaml");
    Files.write(big, new byte[TasksFile.MAX_BYTES + 1]);
    assertThat(refusalOf(big)).isEqualTo(Refusal.TOO_LARGE);
    Path latin1 = dir.resolve("latin1.yaml");
    Files.write(latin1, "tasks: [caf\u00e9]".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(refusalOf(latin1)).isEqualTo(Refusal.NOT_UTF8);
    assertThatThrownBy(() -> new PlanLoader().load(Path.of("/dev/zero"), null))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("not a regular file");
  }

  @Test
  void aLongSingleLineIsRefusedAndALongBlockScalarParsesInLinearTime() {
    String oneLine =
        "tasks:\n  - name: a\n    cwd: .\n    prompt: \"" + "x".repeat(100_000) + "\"\n";
    assertThatThrownBy(() -> new PlanLoader().parse(oneLine, dir, "tasks.yaml", null))
        .isInstanceOfSatisfying(
            TasksFileException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.LINE_TOO_LONG))
        .hasMessageContaining("tasks.yaml:4: line longer than 65536 characters");
    StringBuilder block = new StringBuilder("tasks:\n  - name: a\n    cwd: .\n    prompt: |\n");
    String line = "      " + "y".repeat(60_000) + "\n";
    while (block.length() + line.length() < TasksFile.MAX_BYTES) {
      block.append(line);
    }
    // ~2 MiB: one single-line scalar of this size took over a minute (quadratic in SnakeYAML)
    Plan plan =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () -> new PlanLoader().parse(block.toString(), dir, "tasks.yaml", null));
    assertThat(plan.tasks().get(0).prompt()).hasSizeGreaterThan(1_900_000);
    assertThatThrownBy(
            () ->
                new PlanLoader().parse("#" + "z".repeat(TasksFile.MAX_BYTES), dir, "inline", null))
        .isInstanceOfSatisfying(
            TasksFileException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.TOO_LARGE));
  }

  @Test
  void aliasesAreRefusedNotReplacedByTheAnchorsName() {
    assertThat(
            problems(
                """
                defaults:
                  model: &m gpt-5-codex
                tasks:
                  - name: a
                    cwd: .
                    prompt: p
                    model: *m
                """))
        .containsExactly("tasks.yaml:7: YAML aliases (*m) are not supported: write the value out");
  }

  @Test
  void aSecondDocumentIsRefused() {
    assertThat(
            problems(
                """
                tasks:
                  - {name: a, cwd: ., prompt: p}
                ---
                tasks:
                  - {name: b, cwd: ., prompt: q}
                """))
        .containsExactly("tasks.yaml:4: holds more than one YAML document (---): use one");
  }

  @Test
  void hugeDurationsAreValidationErrors() {
    assertThat(
            problems(
                """
                tasks:
                  - {name: a, cwd: ., prompt: p, timeout: 999999999999999999h}
                  - {name: b, cwd: ., prompt: p, timeout: 99999999999999999999999}
                  - {name: c, cwd: ., prompt: p, retry_delay: 400d}
                """))
        .containsExactly(
            "tasks.yaml:2: task 'a' field 'timeout': '999999999999999999h' is not a positive"
                + " duration like 90s, 20m or 1h30m",
            "tasks.yaml:3: task 'b' field 'timeout': '99999999999999999999999' is not a positive"
                + " duration like 90s, 20m or 1h30m",
            "tasks.yaml:4: task 'c' field 'retry_delay': '400d' is longer than 365 days");
  }

  @Test
  void controlAndBidiCharactersOfNamesAndKeysAreEscapedAndLongValuesCut() {
    List<String> found =
        problems(
            "tasks:\n  - {name: \"a\\0b\\u202Ec\\e[2J\", cwd: ., prompt: p, \""
                + "k".repeat(500)
                + "\\e]52;c;x\\a\": 1}\n");
    assertThat(found)
        .containsExactly(
            "tasks.yaml:2: task '#1' field 'name': 'a\\x00b\\u202Ec\\x1b[2J' must be 1-100 of"
                + " A-Z a-z 0-9 . _ - and not '.' or '..'",
            "tasks.yaml:2: task '#1' field '" + "k".repeat(40) + "…': unknown key");
    found.forEach(p -> assertThat(p).doesNotContain("\u0000", "\u202E", "\u001b"));
  }

  @Test
  void aCwdThatCannotBeEnteredIsAValidationError() throws Exception {
    Path locked = Files.createDirectory(dir.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rw-------"));
    String yaml = "tasks:\n  - {name: a, cwd: locked, prompt: p}\n";
    try {
      assertThat(asRoot(locked) ? problemsWithoutCapabilities(yaml) : problems(yaml))
          .containsExactly(
              "tasks.yaml:2: task 'a' field 'cwd': directory cannot be entered (no search"
                  + " permission): "
                  + locked);
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /** Root enters any folder, by its capabilities (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH). */
  private static boolean asRoot(Path ownFile) throws IOException {
    return ((Integer) Files.getAttribute(ownFile, "unix:uid")) == 0;
  }

  /**
   * The problems as root without its capabilities sees them (so a folder it may not search is one
   * it cannot enter, as for any user): validated in a JVM started by {@code setpriv} with none.
   */
  private List<String> problemsWithoutCapabilities(String yaml) throws Exception {
    Path setpriv = Path.of("/usr/bin/setpriv");
    Assumptions.assumeTrue(
        Files.isExecutable(setpriv), "as root, needs util-linux setpriv to drop capabilities");
    Path file = Files.writeString(dir.resolve("tasks.yaml"), yaml);
    Process check =
        new ProcessBuilder(
                setpriv.toString(),
                "--bounding-set=-all",
                "--inh-caps=-all",
                "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                PlanProblems.class.getName(),
                dir.toString(),
                file.toString())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor()).as("PlanProblems exit").isZero();
    return out.lines().toList();
  }
}
