package dev.codexpar.codex;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Finds the codex binary: the explicit path ({@code --codex-bin}), else {@code $CODEX_BIN}, else
 * {@code codex} on {@code $PATH} (searched here, no shell), else {@code /opt/homebrew/bin/codex}.
 * An explicit path or {@code $CODEX_BIN} is taken at its word: when it is not executable that is an
 * error, not a reason to run some other codex.
 */
public final class CodexLocator {
  static final Path HOMEBREW_CODEX = Path.of("/opt/homebrew/bin/codex");

  private static final CodexProbe PROBE = CodexProbe.system();

  private CodexLocator() {}

  /**
   * @param explicit the {@code --codex-bin} value, or null
   * @param env the environment ({@code CODEX_BIN}, {@code PATH})
   * @return the absolute path of an executable file
   * @throws IllegalStateException naming every place tried when none holds an executable codex
   */
  public static Path locate(Path explicit, Map<String, String> env) {
    return locate(explicit, env, HOMEBREW_CODEX);
  }

  static Path locate(Path explicit, Map<String, String> env, Path lastResort) {
    if (explicit != null) {
      return requireExecutable(explicit, "--codex-bin");
    }
    String fromEnv = env.get("CODEX_BIN");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return requireExecutable(pathOf(fromEnv, "CODEX_BIN"), "CODEX_BIN");
    }
    // A set: PATH often lists a folder twice, and the error should name each place once.
    Set<String> tried = new LinkedHashSet<>();
    for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
      // an empty PATH entry means the working directory to a shell; not a place to find codex
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate;
      try {
        candidate = Path.of(dir, "codex");
      } catch (InvalidPathException e) {
        continue;
      }
      tried.add(candidate.toString());
      if (isExecutableFile(candidate)) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    tried.add(lastResort.toString());
    if (isExecutableFile(lastResort)) {
      return lastResort.toAbsolutePath().normalize();
    }
    throw new IllegalStateException(
        "codex not found (tried "
            + String.join(", ", tried)
            + "); install it (npm install -g @openai/codex), or pass --codex-bin or set CODEX_BIN");
  }

  /** What the binary accepts; cached per binary for the life of the JVM. */
  public static CodexCapabilities probe(Path binary) {
    return PROBE.probe(binary);
  }

  private static Path requireExecutable(Path path, String source) {
    if (!isExecutableFile(path)) {
      throw new IllegalStateException(
          source
              + " "
              + path
              + " is not an executable file"
              + (Files.exists(path) ? "" : " (missing)")
              + "; install codex (npm install -g @openai/codex) or name its binary");
    }
    return path.toAbsolutePath().normalize();
  }

  private static Path pathOf(String value, String source) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new IllegalStateException(source + " " + value + " is not a valid path", e);
    }
  }

  private static boolean isExecutableFile(Path path) {
    return Files.isRegularFile(path) && Files.isExecutable(path);
  }
}
