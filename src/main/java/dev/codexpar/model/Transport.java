package dev.codexpar.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** How a run's tasks reach codex (see ARCHITECTURE.md, "Transport seam"). */
public enum Transport {
  /** One {@code codex exec --json} child per task (the default). */
  EXEC("exec"),
  /** Each task a thread of a {@code codex app-server}: it can be steered while it runs. */
  APP_SERVER("app-server");

  private final String wireName;

  Transport(String wireName) {
    this.wireName = wireName;
  }

  /** The name in tasks.yaml, on the command line and in MCP arguments. */
  public String wireName() {
    return wireName;
  }

  public static Optional<Transport> fromWire(String value) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(value)).findFirst();
  }

  public static List<String> wireNames() {
    return Arrays.stream(values()).map(Transport::wireName).toList();
  }
}
