package dev.codexpar.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.RunStatus;
import dev.codexpar.model.TaskFigures;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.store.RunFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TaskTail} on a run folder written by the test: complete lines only, readable or raw. */
class TaskTailTest {
  private static final String STARTED = "{\"type\":\"thread.started\",\"thread_id\":\"t-1\"}";
  private static final String COMMAND =
      "{\"type\":\"item.started\",\"item\":{\"id\":\"i\",\"type\":\"command_execution\","
          + "\"command\":\"/bin/bash -lc 'npm test'\",\"exit_code\":null,\"status\":\"in_progress\"}}";
  private static final String USAGE =
      "{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":12345,\"output_tokens\":800}}";

  @TempDir Path dir;
  private RunFolder folder;
  private final List<String> out = new ArrayList<>();
  private final Clock clock = Clock.fixed(RunFixtures.NOW, ZoneOffset.UTC);

  @BeforeEach
  void runWithOneTask() {
    folder = new RunFolder(dir);
    folder.createLayout();
    write(TaskStatus.RUNNING);
  }

  @Test
  void aLineBeingWrittenWaitsForItsNewline() throws IOException {
    append(STARTED + "\n" + COMMAND.substring(0, 40));
    TaskTail tail = new TaskTail(folder, "t", Duration.ofMillis(10));
    tail.readAvailable(out::add, Optional.empty(), clock);
    assertThat(out).containsExactly(STARTED);

    append(COMMAND.substring(40) + "\n");
    tail.readAvailable(out::add, Optional.empty(), clock);
    assertThat(out).containsExactly(STARTED, COMMAND);
  }

  @Test
  void readableLinesHaveTimeKindAndText() throws IOException {
    append(STARTED + "\nnot json\n" + COMMAND + "\n" + USAGE + "\n");
    TaskTail tail = new TaskTail(folder, "t", Duration.ofMillis(10));
    tail.readAvailable(out::add, Optional.of(new TimeOfDay(ZoneOffset.UTC)), clock);
    assertThat(out)
        .containsExactly(
            "12:03:25  START thread t-1",
            "12:03:25  RUN npm test",
            "12:03:25  TOKENS 12K in / 800 out");
  }

  @Test
  void followEndsOnceTheTaskIsFinalAndItsLogIsRead() throws Exception {
    append(STARTED + "\n" + COMMAND + "\n");
    write(TaskStatus.DONE);
    TaskSnapshot end =
        new TaskTail(folder, "t", Duration.ofMillis(10)).follow(out::add, Optional.empty(), clock);
    assertThat(end.status()).isEqualTo(TaskStatus.DONE);
    assertThat(out).containsExactly(STARTED, COMMAND);
  }

  @Test
  void aRetryThatMovesTheLogAsideStartsOver() throws IOException {
    append(STARTED + "\n" + COMMAND + "\n");
    TaskTail tail = new TaskTail(folder, "t", Duration.ofMillis(10));
    tail.readAvailable(out::add, Optional.empty(), clock);
    folder.keepAttempt("t", 1);
    append(USAGE + "\n");
    tail.readAvailable(out::add, Optional.empty(), clock);
    assertThat(out).containsExactly(STARTED, COMMAND, USAGE);
  }

  /** The run's files as its owner writes them, with task {@code t} in {@code status}. */
  private void write(TaskStatus status) {
    TaskSnapshot task =
        new TaskSnapshot(
            "t",
            0,
            List.of(),
            status,
            null,
            null,
            RunFixtures.START,
            status.isFinal() ? RunFixtures.NOW : null,
            TaskFigures.EMPTY,
            null,
            null,
            null,
            "t",
            "t",
            List.of());
    folder.writeRun(
        new RunSnapshot(
            "r1",
            dir,
            RunStatus.RUNNING,
            RunFixtures.START,
            null,
            List.of(task),
            false,
            true,
            true,
            1));
    folder.writeTask("r1", task);
  }

  private void append(String text) throws IOException {
    Files.writeString(
        folder.eventLog("t"),
        text,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
