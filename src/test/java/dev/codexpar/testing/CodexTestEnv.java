package dev.codexpar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a test needs to run the real codex 0.169 offline against a {@link MockModelServer}: the
 * {@code -c} overrides, the model name and the environment (a fresh {@code CODEX_HOME}, {@code
 * OPENAI_API_KEY=test}).
 *
 * <pre>{@code
 * try (MockModelServer mock = MockModelServer.start();
 *     CodexTestEnv env = CodexTestEnv.create(mock.baseUrl())) {
 *   ProcessBuilder pb = new ProcessBuilder(env.execArgv(outFile)).directory(workDir.toFile());
 *   env.applyTo(pb);
 *   ...
 * }
 * }</pre>
 *
 * Every override was checked against codex 0.169.0 ({@code MockModelServerCodexTest}): with them
 * codex talks only to the mock, does no retry (an HTTP 500 fails in well under a second instead of
 * about 24 s of backoff), and a run with a plain reply takes about a second.
 */
public final class CodexTestEnv implements AutoCloseable {
  /** The model name to pass with {@code -m}. */
  public static final String MODEL = "gpt-5-codex";

  /** The provider id used in the overrides. */
  public static final String PROVIDER = "mock";

  /** Environment variables removed by {@link #applyTo} so that the host cannot leak in. */
  public static final List<String> CLEARED_ENV =
      List.of("OPENAI_BASE_URL", "OPENAI_API_BASE", "CODEX_API_KEY", "CODEX_HOME", "RUST_LOG");

  private final String baseUrl;
  private final Path codexHome;
  private final boolean ownsHome;

  private CodexTestEnv(String baseUrl, Path codexHome, boolean ownsHome) {
    this.baseUrl = baseUrl;
    this.codexHome = codexHome;
    this.ownsHome = ownsHome;
  }

  /** A fresh {@code CODEX_HOME} temp folder for a mock at {@code baseUrl} (ending in /v1). */
  public static CodexTestEnv create(String baseUrl) {
    try {
      return new CodexTestEnv(baseUrl, Files.createTempDirectory("codex-home-"), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Same, with {@code codexHome} (created if missing, not deleted by {@link #close}). */
  public static CodexTestEnv create(String baseUrl, Path codexHome) {
    try {
      Files.createDirectories(codexHome);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new CodexTestEnv(baseUrl, codexHome, false);
  }

  /** The real codex binary: system property {@code codex.bin} (set by the surefire config). */
  public static Path codexBin() {
    String bin = System.getProperty("codex.bin");
    if (bin == null || bin.isBlank()) {
      throw new IllegalStateException("system property codex.bin is not set");
    }
    return Paths.get(bin);
  }

  /**
   * The newer real codex the app-server transport is tested with: system property {@code
   * codex.appserver.bin} (set by the surefire and failsafe config).
   */
  public static Path appServerBin() {
    String bin = System.getProperty("codex.appserver.bin");
    if (bin == null || bin.isBlank()) {
      throw new IllegalStateException("system property codex.appserver.bin is not set");
    }
    return Paths.get(bin);
  }

  /**
   * {@code codex app-server -c ...} for this mock, plus {@code extra} options (e.g. {@code --listen
   * ws://127.0.0.1:PORT}).
   */
  public List<String> appServerArgv(String... extra) {
    List<String> argv = new ArrayList<>();
    argv.add(appServerBin().toString());
    argv.add("app-server");
    argv.addAll(configArgs());
    argv.addAll(List.of(extra));
    return argv;
  }

  /** True when {@link #codexBin()} is set and executable (for {@code assumeTrue}). */
  public static boolean codexAvailable() {
    String bin = System.getProperty("codex.bin");
    return bin != null && !bin.isBlank() && Files.isExecutable(Paths.get(bin));
  }

  /** The {@code key=value} config overrides, without the {@code -c} flags. */
  public static List<String> configOverrides(String baseUrl) {
    String p = "model_providers." + PROVIDER + ".";
    return List.of(
        "model_provider=" + toml(PROVIDER),
        p + "name=" + toml(PROVIDER),
        p + "base_url=" + toml(baseUrl),
        p + "wire_api=\"responses\"",
        p + "env_key=\"OPENAI_API_KEY\"",
        p + "request_max_retries=0",
        p + "stream_max_retries=0",
        p + "supports_websockets=false",
        "analytics.enabled=false",
        "check_for_update_on_startup=false");
  }

  /** The overrides as argv: {@code -c k=v -c k=v ...}. */
  public static List<String> configArgs(String baseUrl) {
    List<String> args = new ArrayList<>();
    for (String o : configOverrides(baseUrl)) {
      args.add("-c");
      args.add(o);
    }
    return args;
  }

  /** {@code CODEX_HOME} and {@code OPENAI_API_KEY=test}. */
  public static Map<String, String> environment(Path codexHome) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CODEX_HOME", codexHome.toString());
    env.put("OPENAI_API_KEY", "test");
    return env;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public Path codexHome() {
    return codexHome;
  }

  public String model() {
    return MODEL;
  }

  /**
   * A tasks.yaml with {@code tasksBlock} as its tasks and defaults that point the real codex at the
   * mock (cwd {@code work}, the mock's model, its config overrides).
   */
  public String tasksYaml(String tasksBlock) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("defaults:\n");
    yaml.append("  cwd: work\n");
    yaml.append("  model: ").append(MODEL).append('\n');
    yaml.append("  sandbox: read-write\n");
    yaml.append("  skip_git_repo_check: true\n");
    yaml.append("  timeout: 2m\n");
    yaml.append("  config_overrides:\n");
    for (String override : configOverrides()) {
      yaml.append("    - \"")
          .append(override.replace("\\", "\\\\").replace("\"", "\\\""))
          .append("\"\n");
    }
    return yaml.append("tasks:\n").append(tasksBlock).toString();
  }

  /** The environment of a {@code ./codex-par} command that runs the real codex against the mock. */
  public Map<String, String> cliEnvironment() {
    Map<String, String> env = new java.util.HashMap<>(environment());
    env.put("CODEX_BIN", codexBin().toString());
    return env;
  }

  public List<String> configOverrides() {
    return configOverrides(baseUrl);
  }

  public List<String> configArgs() {
    return configArgs(baseUrl);
  }

  public Map<String, String> environment() {
    return environment(codexHome);
  }

  /**
   * {@code codex exec --json --skip-git-repo-check -s workspace-write -m gpt-5-codex -c ... -o OUT
   * -} (the prompt is then written to stdin, which must be closed).
   */
  public List<String> execArgv(Path lastMessageFile) {
    List<String> argv = new ArrayList<>();
    argv.add(codexBin().toString());
    argv.add("exec");
    argv.add("--json");
    argv.add("--skip-git-repo-check");
    argv.add("-s");
    argv.add("workspace-write");
    argv.add("-m");
    argv.add(MODEL);
    argv.addAll(configArgs());
    if (lastMessageFile != null) {
      argv.add("-o");
      argv.add(lastMessageFile.toString());
    }
    argv.add("-");
    return argv;
  }

  /**
   * Removes {@link #CLEARED_ENV} from the builder's environment and puts {@link #environment()}.
   */
  public ProcessBuilder applyTo(ProcessBuilder pb) {
    Map<String, String> env = pb.environment();
    CLEARED_ENV.forEach(env::remove);
    env.putAll(environment());
    return pb;
  }

  /** Deletes the {@code CODEX_HOME} folder made by {@link #create(String)}. */
  @Override
  public void close() {
    if (ownsHome) {
      deleteTree(codexHome);
    }
  }

  /** Deletes a folder tree, ignoring what cannot be deleted. */
  public static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // best effort
                }
              });
    } catch (IOException e) {
      // best effort
    }
  }

  private static String toml(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
