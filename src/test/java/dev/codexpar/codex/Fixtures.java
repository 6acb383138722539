package dev.codexpar.codex;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test resources by classpath name. */
final class Fixtures {
  private Fixtures() {}

  static String text(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> lines(String resource) {
    return text(resource).lines().toList();
  }

  static CodexCapabilities codex169() {
    return CodexCapabilities.fromHelp(
        "0.169.0", text("codex-help/0.169.0/exec.txt"), text("codex-help/0.169.0/review.txt"));
  }

  /** codex 0.42 prints the exec help for {@code exec review --help}: it has no review. */
  static CodexCapabilities codex042() {
    return CodexCapabilities.fromHelp("0.42.0", text("codex-help/0.42.0/exec.txt"), "");
  }
}
