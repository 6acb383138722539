package dev.codexpar.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexpar.store.AtomicFile;
import dev.codexpar.store.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Steers from another process: only the run's owner holds the live connection to the task's
 * app-server, so a {@code steer} command of another process posts the message as a file in the run
 * folder's {@code steer/} (written atomically); the owner looks there a few times a second,
 * forwards each message to {@link Run#steer} and answers in a reply file beside it ({@code ok} or
 * the refusal), which the poster waits for.
 */
public final class SteerInbox {
  /** How often the owner looks for posted messages. */
  static final long CHECK_MS = 200;

  private static final String POSTED = ".steer.json";
  private static final String REPLY = ".reply.json";

  private SteerInbox() {}

  /** A posted message's reply: null error when delivered. */
  public record Reply(SteerException.Reason refused, String error) {}

  /** Posts a message for the owner of the run in {@code runRoot}; returns its id. */
  public static String post(Path runRoot, String task, String message) {
    String id = System.currentTimeMillis() + "-" + UUID.randomUUID();
    ObjectNode posted = Json.MAPPER.createObjectNode().put("task", task).put("message", message);
    AtomicFile.write(dir(runRoot).resolve(id + POSTED), bytes(posted));
    return id;
  }

  /** The owner's reply to a posted message, once written (it is then removed). */
  public static Optional<Reply> reply(Path runRoot, String id) {
    Path file = dir(runRoot).resolve(id + REPLY);
    try {
      JsonNode node = Json.MAPPER.readTree(Files.readAllBytes(file));
      Files.deleteIfExists(file);
      return Optional.of(
          node.path("ok").asBoolean()
              ? new Reply(null, null)
              : new Reply(
                  SteerException.Reason.valueOf(node.path("reason").asText()),
                  node.path("error").asText()));
    } catch (IOException e) {
      return Optional.empty(); // not answered yet
    }
  }

  /** The owner's side: forwards posted messages to {@code run} until the returned is cancelled. */
  static ScheduledFuture<?> watch(Run run, ScheduledExecutorService timer) {
    return timer.scheduleWithFixedDelay(
        () -> forward(run), CHECK_MS, CHECK_MS, TimeUnit.MILLISECONDS);
  }

  private static void forward(Run run) {
    Path dir = dir(run.dir());
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> posted = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + POSTED)) {
      files.forEach(posted::add);
    } catch (IOException e) {
      return; // looked at again soon
    }
    posted.sort(null); // in the order they were posted
    for (Path file : posted) {
      String id = file.getFileName().toString().replace(POSTED, "");
      ObjectNode reply = Json.MAPPER.createObjectNode();
      try {
        JsonNode message = Json.MAPPER.readTree(Files.readAllBytes(file));
        Files.delete(file);
        deliver(run, message.path("task").asText(), message.path("message").asText(), reply);
      } catch (IOException e) {
        reply.put("ok", false).put("reason", "NOT_RUNNING").put("error", e.getMessage());
      }
      AtomicFile.write(dir.resolve(id + REPLY), bytes(reply));
    }
  }

  private static void deliver(Run run, String task, String message, ObjectNode reply) {
    try {
      run.steer(task, message).join();
      reply.put("ok", true);
    } catch (SteerException e) {
      reply.put("ok", false).put("reason", e.reason().name()).put("error", e.getMessage());
    } catch (CompletionException e) {
      reply
          .put("ok", false)
          .put("reason", SteerException.Reason.NOT_RUNNING.name())
          .put("error", String.valueOf(e.getCause().getMessage()));
    }
  }

  private static Path dir(Path runRoot) {
    return runRoot.resolve("steer");
  }

  private static byte[] bytes(JsonNode node) {
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }
}
