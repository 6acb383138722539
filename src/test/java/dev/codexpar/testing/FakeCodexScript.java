package dev.codexpar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The fake codex of {@code src/test/resources/fake-codex/codex}: a POSIX sh script that answers
 * {@code --version} ({@code codex-cli 0.169.0}), {@code exec --help} and {@code exec review --help}
 * (the real 0.169.0 texts) and, for {@code exec ...}, reads the prompt from stdin and acts on the
 * first {@code FAKE: MODE} in it:
 *
 * <ul>
 *   <li>{@code ok} (default): thread.started, turn.started, a command_execution item started and
 *       completed (exit 0), an agent_message {@value #MESSAGE}, turn.completed with usage {@code
 *       2400/200/68}; writes the message to the {@code -o} file; exit 0.
 *   <li>{@code sleep=SECONDS}: thread.started, sleeps (a TERM ends it at once, exit 143), then the
 *       rest of {@code ok}.
 *   <li>{@code ignore-term}: ignores TERM, starts a grandchild {@code sleep 600} that ignores TERM
 *       too, prints {@code {"type":"fake.grandchild","pid":N,"parent":P}} and waits forever (only
 *       KILL ends either).
 *   <li>{@code escaped-pipe}: starts a grandchild {@code sleep 600} that keeps stdout and stderr
 *       open, prints {@code {"type":"fake.grandchild","pid":N,"parent":P}}, then {@code ok}: the
 *       child exits while its pipes stay open.
 *   <li>{@code escaped-setsid}: a helper starts a grandchild {@code setsid sleep 600} and exits a
 *       second later, so the grandchild leaves the tree; prints {@code
 *       {"type":"fake.grandchild","pid":N,"parent":1}}, then waits until stopped (needs {@code
 *       setsid}, Linux).
 *   <li>{@code exit1}: one line on stderr, no event, exit 1.
 *   <li>{@code garbage}: a non-JSON line and a 5 MiB single line on stdout, then {@code ok}.
 *   <li>{@code stderr-flood}: 20 MiB on stderr (lines of 1023 chars) while printing 20 reasoning
 *       items, then {@code ok} (a caller that does not drain stderr blocks it).
 *   <li>{@code legacy}: the codex 0.42 schema: a config summary line, {@code {"prompt":..}}, then
 *       {@code {"id":"0","msg":{..}}} events task_started, agent_reasoning, exec_command_begin,
 *       exec_command_end, token_count, agent_message, token_count (total 2600/1300/80),
 *       task_complete; writes {@code -o}; exit 0.
 *   <li>{@code legacy-error}: the 0.42 head, stream_error, then {@code msg.error}; exit 0.
 *   <li>{@code no-output}: as {@code ok}, but the {@code -o} file is not written.
 *   <li>{@code fail}: thread.started, turn.started, error, turn.failed ({@value #FAIL_MESSAGE});
 *       writes an empty {@code -o} file (as codex 0.169 does); exit 1.
 *   <li>{@code rate-limit-once}: the first call for an {@code -o} file fails as codex does on a 429
 *       (thread.started, turn.started, error, turn.failed {@value #RATE_LIMIT_MESSAGE}, exit 1); it
 *       leaves a marker {@code .fake-codex-rate-limited.<-o file name>} in the cwd, so every later
 *       call is {@code ok}.
 *   <li>{@code crash-once=SCRATCH:FILE:TEXT}: the first call for an {@code -o} file writes {@code
 *       SCRATCH} in its cwd, says so on stderr ({@code crashed after writing <cwd>/SCRATCH}) and
 *       exits 1 before any event (a start-up crash); its marker is a dot file beside the {@code -o}
 *       file (out of the cwd, which a worktree's reset cleans), and every later call writes the
 *       line TEXT into FILE, then {@code ok}.
 * </ul>
 *
 * {@code exec [OPTIONS] resume ID -} acts the same in session ID (its {@code thread.started} names
 * ID), {@code exec [OPTIONS] fork ID -} in a new session; the probe finds both in the {@code
 * Commands:} block of the exec help.
 *
 * <p>With env {@value #ARGV_LOG_ENV} set, every call appends its argv (tab separated) as one line.
 */
public final class FakeCodexScript {
  public static final String MESSAGE = "Fake codex done.";
  public static final String FAIL_MESSAGE = "fake codex: told to fail";
  public static final String RATE_LIMIT_MESSAGE =
      "exceeded retry limit, last status: 429 Too Many Requests";
  public static final String ARGV_LOG_ENV = "FAKE_CODEX_ARGV_LOG";

  private FakeCodexScript() {}

  /** The script on the test classpath, made executable if the copy lost its mode. */
  public static Path path() {
    URL url = FakeCodexScript.class.getResource("/fake-codex/codex");
    if (url == null) {
      throw new IllegalStateException("fake-codex/codex is not on the test classpath");
    }
    try {
      Path script = Path.of(url.toURI());
      if (!Files.isExecutable(script)) {
        Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(script));
        perms.add(PosixFilePermission.OWNER_EXECUTE);
        perms.add(PosixFilePermission.GROUP_EXECUTE);
        perms.add(PosixFilePermission.OTHERS_EXECUTE);
        Files.setPosixFilePermissions(script, perms);
      }
      return script;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code [script, args...]}. */
  public static List<String> argv(String... args) {
    List<String> argv = new ArrayList<>();
    argv.add(path().toString());
    argv.addAll(List.of(args));
    return argv;
  }

  /** {@code [/bin/sh, script, args...]}: does not depend on the file mode. */
  public static List<String> shArgv(String... args) {
    List<String> argv = new ArrayList<>();
    argv.add("/bin/sh");
    argv.addAll(argv(args));
    return argv;
  }
}
