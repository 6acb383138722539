package dev.codexpar.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A codex stand-in for fault tests: answers the probe with codex 0.169's help, and for {@code exec}
 * logs its prompt to {@code <log>/<task>.prompt} (its task name as a line of {@code
 * <log>/runs.log}, and {@code $CODEX_PAR_TOKEN}, or "unset", to {@code <task>.codex-par-token}),
 * prints a short 0.169 event stream and writes a multi-byte output file. Directives in the prompt:
 * {@code HANG} (wait on a grandchild {@code sleep}, pids in {@code <task>.pids}), {@code FAIL}
 * (turn.failed, exit 1), {@code FLAKY} (fails the first time only).
 */
final class FakeCodex {
  static final int OUTPUT_LINES = 300;

  private FakeCodex() {}

  /** Writes the script (and its help texts) into {@code dir}; returns the script. */
  static Path install(Path dir) throws IOException {
    Files.createDirectories(dir);
    copy("/codex-help/0.169.0/exec.txt", dir.resolve("exec.txt"));
    copy("/codex-help/0.169.0/review.txt", dir.resolve("review.txt"));
    String script =
        """
        #!/usr/bin/env bash
        help=%s
        if [ "$1" = --version ]; then echo "codex-cli 0.169.0"; exit 0; fi
        if [ "$1" = exec ] && [ "$2" = --help ]; then cat "$help/exec.txt"; exit 0; fi
        if [ "$1" = exec ] && [ "$2" = review ] && [ "$3" = --help ]; then
          cat "$help/review.txt"; exit 0
        fi
        out=""; prev=""
        for a in "$@"; do
          if [ "$prev" = --output-last-message ]; then out="$a"; fi
          prev="$a"
        done
        task=$(basename "$out" .md)
        log="${FAKE_CODEX_LOG:?}"
        prompt=$(cat)
        printf '%%s' "$prompt" > "$log/$task.prompt"
        echo "$task" >> "$log/runs.log"
        printf '%%s' "${CODEX_PAR_TOKEN-unset}" > "$log/$task.codex-par-token"
        echo '{"type":"thread.started","thread_id":"t-'"$task"'"}'
        echo '{"type":"turn.started"}'
        echo "fake codex stderr of $task: é 😀" >&2
        case "$prompt" in *HANG*)
          sleep 300 &
          echo "$$ $!" > "$log/$task.pids"
          wait
          ;;
        esac
        case "$prompt" in *FLAKY*)
          if [ ! -e "$log/$task.failed-once" ]; then
            : > "$log/$task.failed-once"
            echo '{"type":"turn.failed","error":{"message":"flaky: failed once"}}'
            exit 1
          fi
          ;;
        esac
        case "$prompt" in *FAIL*)
          echo '{"type":"turn.failed","error":{"message":"told to fail"}}'
          exit 1
          ;;
        esac
        for i in $(seq 1 %d); do echo "line $i of $task: é ü 😀"; done > "$out"
        echo '{"type":"item.completed","item":{"id":"i1","type":"agent_message","text":"done"}}'
        echo '{"type":"turn.completed","usage":{"input_tokens":10,"cached_input_tokens":0,"output_tokens":5,"reasoning_output_tokens":0}}'
        """
            .formatted(dir.toAbsolutePath(), OUTPUT_LINES);
    Path codex = dir.resolve("codex");
    Files.writeString(codex, script, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(codex, PosixFilePermissions.fromString("rwxr-xr-x"));
    return codex;
  }

  /** The pids (fake codex, its grandchild) a HANG task recorded, once it did. */
  static List<Long> pids(Path log, String task) throws IOException {
    Path file = log.resolve(task + ".pids");
    List<Long> pids = new ArrayList<>();
    if (Files.isRegularFile(file)) {
      for (String pid : Files.readString(file).trim().split("\\s+")) {
        pids.add(Long.parseLong(pid));
      }
    }
    return pids;
  }

  /** The tasks that ran, one line each, in the order they started. */
  static List<String> runs(Path log) throws IOException {
    Path file = log.resolve("runs.log");
    return Files.isRegularFile(file) ? Files.readAllLines(file) : List.of();
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static void copy(String resource, Path target) throws IOException {
    try (InputStream in = FakeCodex.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
