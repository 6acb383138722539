package dev.codexpar.appserver;

import dev.codexpar.process.ChildProcess;
import dev.codexpar.process.ProcessTree;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A {@code codex app-server} child: argv only, JSON lines on its stdin and stdout, stderr to a log
 * (its last line kept, it says why the child died). Closing stops its whole process tree.
 */
final class StdioTransport implements Transport {
  private final ChildProcess child;
  private final Executor readers;
  private final ProcessTree processTree;
  private final Duration killGrace;
  private final Path stderrLog;
  private final AtomicReference<String> lastStderr = new AtomicReference<>();
  private final Object writeLock = new Object();
  private final OutputStream stdin;

  private StdioTransport(
      ChildProcess child,
      Executor readers,
      ProcessTree processTree,
      Duration killGrace,
      Path stderrLog) {
    this.child = child;
    this.readers = readers;
    this.processTree = processTree;
    this.killGrace = killGrace;
    this.stderrLog = stderrLog;
    this.stdin = child.stdin();
  }

  static StdioTransport start(
      AppServerEndpoint.Stdio endpoint,
      Executor readers,
      ProcessTree processTree,
      Duration killGrace) {
    try {
      Files.createDirectories(endpoint.stderrLog().toAbsolutePath().getParent());
      ChildProcess child = ChildProcess.start(endpoint.argv(), endpoint.cwd(), endpoint.env());
      return new StdioTransport(child, readers, processTree, killGrace, endpoint.stderrLog());
    } catch (IOException e) {
      throw new AppServerException(
          AppServerException.Kind.UNREACHABLE,
          endpoint.name(),
          "cannot start " + endpoint.argv().get(0) + ": " + e.getMessage());
    }
  }

  @Override
  public void start(Consumer<String> messages, Consumer<String> closed) {
    readers.execute(this::drainStderr);
    readers.execute(
        () -> {
          try (BufferedReader in =
              new BufferedReader(new InputStreamReader(child.stdout(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
              if (!line.isBlank()) {
                messages.accept(line);
              }
            }
          } catch (IOException e) {
            // the pipe broke: the child is gone, as at the end of its output
          }
          String why =
              child.awaitExit().stream()
                  .mapToObj(code -> "the app-server exited " + code)
                  .findFirst()
                  .orElse("the app-server stopped");
          String stderr = lastStderr.get();
          closed.accept(stderr == null ? why : why + ": " + stderr);
        });
  }

  private void drainStderr() {
    try (InputStream in = child.stderr();
        OutputStream log = Files.newOutputStream(stderrLog);
        BufferedReader lines =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        log.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        log.flush();
        if (!line.isBlank()) {
          lastStderr.set(line);
        }
      }
    } catch (IOException e) {
      // the child is gone; what was read is in the log
    }
  }

  @Override
  public CompletableFuture<Void> send(String message) {
    byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (writeLock) {
      try {
        stdin.write(bytes);
        stdin.flush();
        return CompletableFuture.completedFuture(null);
      } catch (IOException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
  }

  @Override
  public CompletableFuture<Void> close() {
    // The tree is signalled before stdin closes: at the end of its input the app-server would exit
    // at once, and its children, handed to init, would no longer be found as its descendants.
    return processTree
        .kill(child.handle(), killGrace)
        .subscribeAsCompletionStage()
        .whenComplete((killed, error) -> closeStdin());
  }

  private void closeStdin() {
    synchronized (writeLock) {
      try {
        stdin.close();
      } catch (IOException e) {
        // closing is all that matters
      }
    }
  }

  @Override
  public ProcessHandle process() {
    return child.handle();
  }
}
