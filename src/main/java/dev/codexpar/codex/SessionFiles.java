package dev.codexpar.codex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What codex keeps of a session under {@code CODEX_HOME}: {@code
 * sessions/YYYY/MM/DD/rollout-TIME-ID.jsonl}, whose first line ({@code session_meta}) names the
 * folder the session ran in. A {@code worktree: true} task ran in a folder codex made and no event
 * names ({@code $CODEX_HOME/worktrees/...}): its follow-up must run there, found here.
 */
public final class SessionFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SessionFiles() {}

  /** {@code $CODEX_HOME} of the given environment, else {@code ~/.codex}, as codex finds it. */
  public static Path codexHome(Map<String, String> environment) {
    String home = environment.get("CODEX_HOME");
    return home != null && !home.isBlank()
        ? Path.of(home)
        : Path.of(System.getProperty("user.home"), ".codex");
  }

  /** The folder session {@code sessionId} ran in, if its rollout file is found and names one. */
  public static Optional<Path> recordedCwd(Path codexHome, String sessionId) {
    Path sessions = codexHome.resolve("sessions");
    if (!Files.isDirectory(sessions)) {
      return Optional.empty();
    }
    String suffix = "-" + sessionId + ".jsonl";
    try (Stream<Path> files =
        Files.find(
            sessions,
            4,
            (p, a) ->
                a.isRegularFile()
                    && p.getFileName().toString().startsWith("rollout-")
                    && p.getFileName().toString().endsWith(suffix))) {
      Optional<Path> rollout = files.findFirst();
      return rollout.isEmpty() ? Optional.empty() : cwdOf(rollout.get());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Path> cwdOf(Path rollout) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(rollout, StandardCharsets.UTF_8)) {
      String first = reader.readLine();
      if (first == null) {
        return Optional.empty();
      }
      JsonNode cwd = JSON.readTree(first).path("payload").path("cwd");
      return cwd.isTextual() && !cwd.asText().isBlank()
          ? Optional.of(Path.of(cwd.asText()))
          : Optional.empty();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
