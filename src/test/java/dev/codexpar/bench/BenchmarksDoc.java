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
          the scheduler). The yardstick is a zero-overhead simulation of the engine's own policy
          (a free slot takes the first ready task in file order); `make -jN` runs the same DAG as
          a Makefile of sleeps.
        - per-task overhead: wall time per task of 500 zero-work tasks at 8 at once, against
          `xargs -P8` running the same stand-in.
        - event ingestion: one task whose stand-in prints a large JSONL of event shapes; codex-par
          parses, counts and logs every line. `jq -c .type` over the same file is the yardstick.
        - cancel: time from cancel until every process of every tree is gone; SIGTERM-ignoring
          trees get the 3 s grace, then SIGKILL.
        - memory: peak resident set size of `./codex-par run` (sampled every 50 ms with `ps`).
        - start-up: `status` of a finished run folder, `java -jar` against the launcher.

        Not measured yet: MCP `get_status` latency over stdio with 100 live tasks, and the dashboard
        (it does not exist yet).
        """
        .formatted(machine, table);
  }
}
