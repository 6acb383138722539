package dev.codexpar.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Codex sandbox policies; {@code read-write} is accepted as an alias of {@code workspace-write}.
 */
public enum Sandbox {
  READ_ONLY("read-only"),
  WORKSPACE_WRITE("workspace-write"),
  DANGER_FULL_ACCESS("danger-full-access");

  private final String codexName;

  Sandbox(String codexName) {
    this.codexName = codexName;
  }

  /** The value codex's {@code -s} flag takes. */
  public String codexName() {
    return codexName;
  }

  public static Optional<Sandbox> fromYaml(String value) {
    if ("read-write".equals(value)) {
      return Optional.of(WORKSPACE_WRITE);
    }
    return Arrays.stream(values()).filter(s -> s.codexName.equals(value)).findFirst();
  }

  public static List<String> yamlNames() {
    return List.of("read-only", "read-write", "workspace-write", "danger-full-access");
  }
}
