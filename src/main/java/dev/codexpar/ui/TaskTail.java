package dev.codexpar.ui;

import dev.codexpar.codex.EventParser;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.store.Chunk;
import dev.codexpar.store.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Follows one task's event log ({@code logs/NAME.jsonl}) while codex writes it: complete lines only
 * (a line still being written waits for its newline), from the start of the file, until the task is
 * final and its log is read to the end. Waits for a task that has not started; starts over when a
 * retry moves the log aside.
 */
public final class TaskTail {
  private final RunFolder folder;
  private final String task;
  private final Duration poll;
  private final EventParser parser = new EventParser();
  private final StringBuilder partial = new StringBuilder();
  private long offset;

  public TaskTail(RunFolder folder, String task, Duration poll) {
    this.folder = folder;
    this.task = task;
    this.poll = poll;
  }

  /**
   * Passes every line of the log to {@code out} as written, or as readable text ({@code HH:MM:SS
   * KIND ...}) when {@code readable} is given, until the task is final; returns its final state.
   */
  public TaskSnapshot follow(Consumer<String> out, Optional<TimeOfDay> readable, Clock clock)
      throws IOException, InterruptedException {
    while (true) {
      Optional<TaskSnapshot> state = readAvailable(out, readable, clock);
      if (state.isPresent() && state.get().status().isFinal()) {
        return state.get();
      }
      Thread.sleep(poll.toMillis()); // polling a file another process writes
    }
  }

  /**
   * Passes on the complete lines written so far, once; returns the task's state (empty for the
   * moment between a run's start and its task files being written).
   */
  public Optional<TaskSnapshot> readAvailable(
      Consumer<String> out, Optional<TimeOfDay> readable, Clock clock) throws IOException {
    // read the status first: once it is final, the log is complete and this read ends it
    Optional<TaskSnapshot> state = folder.readShownTask(task);
    drain(line -> emit(line, out, readable, clock));
    return state;
  }

  private void emit(String line, Consumer<String> out, Optional<TimeOfDay> readable, Clock clock) {
    if (readable.isEmpty()) {
      out.accept(line);
      return;
    }
    parser
        .parse(line)
        .flatMap(EventText::of)
        .ifPresent(text -> out.accept(readable.get().format(clock.instant()) + "  " + text));
  }

  /** Every complete line written since the last call. */
  private void drain(Consumer<String> lines) throws IOException {
    Path log = folder.eventLog(task);
    long size = Files.isRegularFile(log) ? Files.size(log) : 0;
    if (size < offset) {
      offset = 0; // a retry moved the last attempt's log aside: this is a new one
      partial.setLength(0);
    }
    while (true) {
      Chunk chunk = Chunk.read(log, offset, Chunk.MAX_BYTES);
      if (chunk.text().isEmpty()) {
        return;
      }
      offset = chunk.nextOffset();
      partial.append(chunk.text());
      int end = partial.lastIndexOf("\n");
      if (end >= 0) {
        for (String line : partial.substring(0, end).split("\n", -1)) {
          lines.accept(line);
        }
        partial.delete(0, end + 1);
      }
    }
  }
}
