package dev.codexpar.bench;

/** The text of BENCHMARKS.md around the measured table. */
final class BenchmarksDoc {
  private BenchmarksDoc() {}

  static String render(String table, String machine) {
    return """
        # Benchmarks

        Measured by `./mvnw verify -Pbench` (the suite `src/test/java/dev/codexpar/bench/`), all
        contenders side by side in one run, medians of 3 where repeated. The codex stand-in
        (`src/test/resources/bench-codex/codex`, POSIX sh) starts in about a millisecond and replays
        real-looking `--json` events, so the figures measure codex-par, not codex. `./mvnw verify`
        runs the same suite in quick mode (small sizes, figures printed, nothing asserted on time).

        Machine: %s.

        %s
        ## How to read it
        - scheduling: makespan of a 200-task random DAG (seed 42, task times 50-500 ms unknown to
          the scheduler). The yardstick is a zero-overhead simulation of the engine's own policy:
          a free slot takes the ready task with the most transitive dependants, then the first in
          file order (durations are unknown, so the dependant count stands in for the critical
          path). The file-order simulation beside it shows what that order buys when slots are
          scarce (-j4). `make -jN` runs the same DAG as a Makefile of sleeps. codex-par runs with
          its default start gap (5 ms, `run --stagger`) and without one.
        - per-task overhead: wall time per task of 500 zero-work tasks at 8 at once, against
          `xargs -P8` running the same stand-in.
        - event ingestion: one task whose stand-in prints a large JSONL of real event shapes;
          codex-par logs, parses and counts every line while the dashboard draws a 120x40 colour
          frame whenever the run changed, at most every 250 ms (as `run --dashboard`). `jq -c
          .type` over the same file is the yardstick.
        - cancel: time from cancel until every process of every tree is gone; SIGTERM-ignoring
          trees get the 3 s grace, then SIGKILL.
        - memory: peak resident set size of `./codex-par run` (sampled every 50 ms with `ps`).
        - MCP get_status: the packaged `serve` over real stdio behind the MCP Java SDK client,
          one call after another while 100 tasks are running; latency includes both ends.
        - start-up: `status` of a finished run folder, `java -jar` against the launcher.

        ## Reproduce
        ```sh
        ./mvnw verify -Pbench                          # everything; rewrites this file
        ./mvnw verify -Pbench -Dbench.only=ingestion   # one metric (or a comma list): printed only
        ```
        Metrics: scheduling, overhead, ingestion, cancel, memory, mcp, startup. The machine is
        shared and noisy: compare the ratios measured side by side in one run, not absolute times
        across runs.
        """
        .formatted(machine, table);
  }
}
