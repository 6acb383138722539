package dev.codexpar.plan;

import dev.codexpar.codex.CodexCapabilities;
import dev.codexpar.model.TaskKind;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the app-server transport cannot do, found before anything starts: an installed codex older
 * than the protocol the adapter speaks, and task fields it does not carry over to a thread.
 */
public final class TransportCheck {
  /** The first codex whose app-server speaks the protocol (v2) the adapter was built against. */
  static final int[] FIRST_APP_SERVER = {0, 171, 0};

  private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

  private TransportCheck() {}

  /**
   * The tasks' problems on {@code transport}; none for exec.
   *
   * @param onHosts the tasks run on app-servers over WebSocket, where a local worktree is not
   * @param caps the installed codex, or null when not probed
   */
  public static List<Problem> problems(
      Transport transport,
      boolean onHosts,
      List<TaskSpec> tasks,
      CodexCapabilities caps,
      String source) {
    List<Problem> problems = new ArrayList<>();
    if (transport != Transport.APP_SERVER) {
      return problems;
    }
    if (caps != null && !speaksAppServer(caps.version())) {
      problems.add(
          new Problem(
              source,
              0,
              null,
              "transport",
              "app-server needs codex 0.171.0 or newer (its app-server protocol v2); the installed"
                  + " codex is "
                  + caps.version()));
    }
    for (TaskSpec task : tasks) {
      for (String field : unhandled(task, onHosts)) {
        problems.add(
            new Problem(
                source,
                0,
                task.name(),
                field,
                "not handled by the app-server transport; run this task with transport exec"));
      }
    }
    return problems;
  }

  /** Throws the problems of {@link #problems}, if any. */
  public static void check(
      Transport transport,
      boolean onHosts,
      List<TaskSpec> tasks,
      CodexCapabilities caps,
      String source) {
    List<Problem> problems = problems(transport, onHosts, tasks, caps, source);
    if (!problems.isEmpty()) {
      throw new PlanException(problems);
    }
  }

  static boolean speaksAppServer(String version) {
    Matcher m = VERSION.matcher(version);
    if (!m.find()) {
      return false;
    }
    for (int i = 0; i < 3; i++) {
      int part = Integer.parseInt(m.group(i + 1));
      if (part != FIRST_APP_SERVER[i]) {
        return part > FIRST_APP_SERVER[i];
      }
    }
    return true;
  }

  /**
   * The fields a thread of {@code thread/start} + one {@code turn/start} does not carry (a worktree
   * is carried as the thread's cwd, on the machine of codex-par only).
   */
  private static List<String> unhandled(TaskSpec task, boolean onHosts) {
    List<String> fields = new ArrayList<>();
    if (task.kind() == TaskKind.REVIEW) {
      fields.add("kind");
    }
    if (task.worktree() && onHosts) {
      fields.add("worktree");
    }
    if (!task.images().isEmpty()) {
      fields.add("images");
    }
    if (task.outputSchema() != null) {
      fields.add("output_schema");
    }
    if (task.profile() != null) {
      fields.add("profile");
    }
    if (!task.enableFeatures().isEmpty()) {
      fields.add("enable_features");
    }
    if (!task.disableFeatures().isEmpty()) {
      fields.add("disable_features");
    }
    if (task.forkFrom() != null) {
      fields.add("fork_from");
    }
    if (task.verify() != null) {
      fields.add("verify");
    }
    return fields;
  }
}
