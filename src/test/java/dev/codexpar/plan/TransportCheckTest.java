package dev.codexpar.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexpar.codex.CodexCapabilities;
import dev.codexpar.model.AppServerHost;
import dev.codexpar.model.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransportCheckTest {
  private static final CodexCapabilities CODEX_171 =
      new CodexCapabilities("0.171.0", Set.of(), Set.of(), Set.of());
  private static final CodexCapabilities CODEX_169 =
      new CodexCapabilities("0.169.0", Set.of(), Set.of(), Set.of());

  private final PlanLoader loader = new PlanLoader();
  @TempDir Path dir;

  private Plan plan(String yaml) {
    return loader.parse(yaml, dir, "tasks.yaml", null);
  }

  @Test
  void theFileNamesTheTransportAndADoorsOptionWins() {
    Plan plan = plan("transport: app-server\ntasks:\n- {name: a, cwd: ., prompt: p}\n");

    assertThat(plan.transport()).contains(Transport.APP_SERVER);
    assertThat(plan.transportOr(Optional.empty(), List.of())).isEqualTo(Transport.APP_SERVER);
    assertThat(plan.transportOr(Optional.of(Transport.EXEC), List.of())).isEqualTo(Transport.EXEC);
    Plan plain = plan("tasks:\n- {name: a, cwd: ., prompt: p}\n");
    assertThat(plain.transportOr(Optional.empty(), List.of())).isEqualTo(Transport.EXEC);
    assertThat(plain.transportOr(Optional.empty(), List.of(new AppServerHost("ws://h:1", null, 2))))
        .isEqualTo(Transport.APP_SERVER);
  }

  @Test
  void anUnknownTransportIsAProblemOfTheFile() {
    try {
      plan("transport: grpc\ntasks:\n- {name: a, cwd: ., prompt: p}\n");
      throw new AssertionError("accepted");
    } catch (PlanException e) {
      assertThat(e.getMessage())
          .contains("tasks.yaml:1: 'transport': expected one of exec, app-server");
    }
  }

  @Test
  void fieldsAThreadDoesNotCarryAreNamedPerTask() throws IOException {
    Files.writeString(dir.resolve("a.png"), "png");
    Plan plan =
        plan(
            "tasks:\n"
                + "- {name: r, cwd: ., kind: review, uncommitted: true}\n"
                + "- {name: i, cwd: ., images: [a.png], profile: fast, prompt: p}\n"
                + "- {name: ok, cwd: ., sandbox: read-only, config_overrides: [a=1], prompt: p}\n");

    List<String> problems =
        TransportCheck.problems(Transport.APP_SERVER, false, plan.tasks(), CODEX_171, "tasks.yaml")
            .stream()
            .map(Problem::toString)
            .toList();

    assertThat(problems)
        .containsExactly(
            "tasks.yaml: task 'r' field 'kind': not handled by the app-server transport; run this"
                + " task with transport exec",
            "tasks.yaml: task 'i' field 'images': not handled by the app-server transport; run"
                + " this task with transport exec",
            "tasks.yaml: task 'i' field 'profile': not handled by the app-server transport; run"
                + " this task with transport exec");
    assertThat(TransportCheck.problems(Transport.EXEC, false, plan.tasks(), CODEX_169, "t"))
        .isEmpty();
  }

  @Test
  void hostsAreReadWithTheirTokenVariableAndSlotsAndImplyTheAppServer() {
    Plan plan =
        plan(
            "hosts:\n"
                + "- {url: ws://10.0.0.5:4500, token_env: BOX_TOKEN, max_parallel: 3}\n"
                + "- url: wss://box.example:443\n"
                + "tasks:\n- {name: a, cwd: ., prompt: p}\n");

    assertThat(plan.hosts())
        .containsExactly(
            new AppServerHost("ws://10.0.0.5:4500", "BOX_TOKEN", 3),
            new AppServerHost("wss://box.example:443", null, HostsReader.DEFAULT_MAX_PARALLEL));
    assertThat(plan.transportOr(Optional.empty(), List.of())).isEqualTo(Transport.APP_SERVER);
    assertThat(plan.hostsOr(List.of(new AppServerHost("ws://x:1", null, 1))))
        .extracting(AppServerHost::url)
        .containsExactly("ws://x:1");
  }

  @Test
  void badHostsAreProblemsNamingTheHostAndTheField() {
    try {
      plan(
          "hosts:\n"
              + "- {url: http://h:1}\n"
              + "- {url: ws://h:2, token: s3cret, max_parallel: 0}\n"
              + "- {url: ws://h:3, token_env: 'not a name'}\n"
              + "tasks:\n- {name: a, cwd: ., prompt: p}\n");
      throw new AssertionError("accepted");
    } catch (PlanException e) {
      assertThat(e.getMessage())
          .contains("tasks.yaml:2: 'hosts[0].url': app-server URL http://h:1 must start with ws://")
          .contains("'hosts[1].token': unknown key")
          .contains("'hosts[1].max_parallel': expected a whole number of at least 1")
          .contains("'hosts[2].token_env': expected the name of an environment variable")
          .doesNotContain("s3cret");
    }
  }

  @Test
  void aWorktreeIsLocal() throws IOException, InterruptedException {
    git("init", "-q");
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "s");
    Plan plan = plan("tasks:\n- {name: w, cwd: ., worktree: true, prompt: p}\n");
    assertThat(TransportCheck.problems(Transport.APP_SERVER, false, plan.tasks(), CODEX_171, "t"))
        .isEmpty();
    assertThat(TransportCheck.problems(Transport.APP_SERVER, true, plan.tasks(), CODEX_171, "t"))
        .extracting(Problem::field)
        .containsExactly("worktree");
  }

  private void git(String... args) throws IOException, InterruptedException {
    List<String> argv = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    argv.addAll(List.of(args));
    Process git = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    git.getOutputStream().close();
    assertThat(git.waitFor()).isZero();
  }

  @Test
  void anOlderCodexHasNoAppServerProtocol() {
    assertThat(TransportCheck.problems(Transport.APP_SERVER, false, List.of(), CODEX_169, "t"))
        .singleElement()
        .extracting(Problem::message)
        .asString()
        .contains("0.171.0 or newer")
        .contains("0.169.0");
    assertThat(TransportCheck.speaksAppServer("0.171.0")).isTrue();
    assertThat(TransportCheck.speaksAppServer("1.0.0")).isTrue();
    assertThat(TransportCheck.speaksAppServer("0.170.9")).isFalse();
    assertThat(TransportCheck.speaksAppServer("unknown")).isFalse();
  }
}
