package dev.codexpar.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A child process (the real codex, or the fake one) started with a prompt written to its stdin and
 * stdin then closed; stdout and stderr are collected line by line on their own threads.
 */
public final class CodexProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();
  private final Thread outPump;
  private final Thread errPump;

  private CodexProcess(Process process) {
    this.process = process;
    this.outPump = pump(process.getInputStream(), stdout, "stdout-" + process.pid());
    this.errPump = pump(process.getErrorStream(), stderr, "stderr-" + process.pid());
  }

  /**
   * Starts {@code argv} in {@code cwd} with {@code env} added, writes {@code prompt}, closes stdin.
   */
  public static CodexProcess start(
      List<String> argv, Path cwd, Map<String, String> env, String prompt) {
    ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile());
    pb.environment().putAll(env);
    return start(pb, prompt);
  }

  /** Starts {@code pb} (stdout/stderr must be pipes), writes {@code prompt}, closes stdin. */
  public static CodexProcess start(ProcessBuilder pb, String prompt) {
    try {
      Process p = pb.start();
      CodexProcess cp = new CodexProcess(p);
      try (OutputStream in = p.getOutputStream()) {
        in.write(prompt.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // the child may exit before reading its stdin
      }
      return cp;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Thread pump(InputStream in, List<String> lines, String name) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // process gone
              }
            },
            name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  public Process process() {
    return process;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the exit and for both streams to be fully read; returns the exit code. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            "process did not exit within "
                + timeout
                + "\nstdout:\n"
                + stdoutText()
                + "\nstderr:\n"
                + stderrText());
      }
      outPump.join(timeout.toMillis());
      errPump.join(timeout.toMillis());
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The stdout lines read so far. */
  public List<String> stdoutLines() {
    return List.copyOf(stdout);
  }

  public List<String> stderrLines() {
    return List.copyOf(stderr);
  }

  public String stdoutText() {
    return String.join("\n", stdout);
  }

  public String stderrText() {
    return String.join("\n", stderr);
  }

  /** The stdout lines that are JSON objects, parsed (other lines are skipped). */
  public List<JsonNode> events() {
    List<JsonNode> events = new ArrayList<>();
    for (String line : stdout) {
      if (line.startsWith("{")) {
        try {
          JsonNode node = JSON.readTree(line);
          if (node.isObject()) {
            events.add(node);
          }
        } catch (IOException e) {
          // not JSON
        }
      }
    }
    return events;
  }

  /** The events with {@code "type": type}. */
  public List<JsonNode> events(String type) {
    return events().stream().filter(e -> type.equals(e.path("type").asText())).toList();
  }

  /** The {@code item} of the {@code item.*} events whose item has {@code "type": itemType}. */
  public List<JsonNode> items(String eventType, String itemType) {
    return events(eventType).stream()
        .map(e -> e.path("item"))
        .filter(i -> itemType.equals(i.path("type").asText()))
        .toList();
  }

  /** Kills the process and its descendants (SIGKILL). */
  public void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
