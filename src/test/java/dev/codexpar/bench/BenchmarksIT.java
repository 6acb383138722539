package dev.codexpar.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codexpar.codex.CodexCapabilities;
import dev.codexpar.codex.CodexLocator;
import dev.codexpar.mcp.AnswerSizes;
import dev.codexpar.mcp.StatusLatency;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.RunStatus;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.plan.Dag;
import dev.codexpar.plan.Plan;
import dev.codexpar.process.Liveness;
import dev.codexpar.run.Run;
import dev.codexpar.run.RunOptions;
import dev.codexpar.run.RunRegistry;
import dev.codexpar.store.Json;
import dev.codexpar.testing.Launcher;
import dev.codexpar.testing.MockModelServer;
import dev.codexpar.testing.RateLimitedBatch;
import dev.codexpar.ui.Dashboard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark suite (issue 7): codex-par against a zero-overhead simulation, {@code make -j},
 * {@code xargs -P}, {@code jq} and its own targets, with a codex stand-in that starts in about a
 * millisecond so the figures measure codex-par.
 *
 * <p>{@code ./mvnw verify} runs it in quick mode (small sizes, one repetition: it keeps working,
 * figures printed, no timing asserted). {@code ./mvnw verify -Pbench} runs the full sizes and
 * writes BENCHMARKS.md.
 */
class BenchmarksIT {

  private static final String DEFAULT_GAP_TEXT = RunOptions.DEFAULT_START_GAP.toMillis() + " ms";
  private static final boolean FULL = Boolean.getBoolean("bench.full");
  private static final long SEED = 42;

  /** {@code -Dbench.only=ingestion,cancel}: just those metrics (no BENCHMARKS.md written). */
  private static final List<String> ONLY =
      Arrays.stream(System.getProperty("bench.only", "").split(","))
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .toList();

  @TempDir Path tmp;
  private RunRegistry registry;
  private Path codex;
  private CodexCapabilities caps;
  private final Table table = new Table();

  @BeforeEach
  void setUp() throws URISyntaxException {
    codex = Path.of(BenchmarksIT.class.getResource("/bench-codex/codex").toURI());
    codex.toFile().setExecutable(true);
    caps = CodexLocator.probe(codex);
    registry = new RunRegistry();
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  @Test
  void benchmarks() throws Exception {
    int reps = FULL ? 3 : 1;
    // Their targets are a few percent from the floor, where one noisy run moves a median of 3
    int fineReps = FULL ? 5 : 1;
    if (selected("scheduling")) {
      scheduling(FULL ? 200 : 24, 16, reps);
      scheduling(FULL ? 200 : 24, 4, reps);
    }
    if (selected("history")) {
      history(FULL ? 60 : 24, 6, fineReps);
    }
    if (selected("ratelimit")) {
      rateLimited(FULL ? 24 : 12, 12, fineReps);
    }
    if (selected("overhead")) {
      perTaskOverhead(FULL ? 500 : 40, reps);
    }
    if (selected("ingestion")) {
      ingestion(FULL ? 200 : 4);
    }
    if (selected("cancel")) {
      cancel(FULL ? 50 : 6);
    }
    if (selected("memory")) {
      memory(FULL ? 100 : 8, FULL ? 20_000 : 500);
    }
    if (selected("mcp")) {
      mcpStatus(FULL ? 100 : 10, FULL ? 2_000 : 100);
    }
    if (selected("mcp-sizes")) {
      for (int tasks : FULL ? new int[] {10, 200, 1_000} : new int[] {10, 200}) {
        mcpSizes(tasks);
      }
    }
    if (selected("startup")) {
      startup(FULL ? 11 : 3);
    }

    String text = table.render();
    System.out.println(text);
    if (FULL && ONLY.isEmpty()) {
      Path out = Launcher.script().getParent().resolve("BENCHMARKS.md");
      Files.writeString(out, BenchmarksDoc.render(text, machine()));
      System.out.println("wrote " + out);
    }
  }

  private static boolean selected(String metric) {
    return ONLY.isEmpty() || ONLY.contains(metric);
  }

  /** Makespan of a random DAG: the engine vs the zero-overhead list schedule vs make -jN. */
  private void scheduling(int size, int slots, int reps) throws Exception {
    RandomDag dag = RandomDag.generate(size, SEED, 50, 500);
    long ideal = ListSchedule.makespanMillis(dag, slots, ListSchedule.Order.MOST_DEPENDANTS);
    long fileOrder = ListSchedule.makespanMillis(dag, slots, ListSchedule.Order.FILE);
    long engine = median(reps, () -> engineMakespan(dag, slots, RunOptions.DEFAULT_START_GAP));
    long engineNoGap = median(reps, () -> engineMakespan(dag, slots, Duration.ZERO));
    long make = median(reps, () -> makeMakespan(dag, slots));
    String what = size + "-task DAG, -j" + slots;
    table.add(
        "scheduling",
        what,
        "zero-overhead list schedule, most dependants first",
        ideal + " ms",
        "");
    table.add(
        "scheduling",
        what,
        "zero-overhead list schedule, file order",
        fileOrder + " ms",
        ratio(fileOrder, ideal));
    table.add(
        "scheduling",
        what,
        "codex-par (stagger " + DEFAULT_GAP_TEXT + ")",
        engine + " ms",
        ratio(engine, ideal));
    table.add(
        "scheduling",
        what,
        "codex-par (stagger 0)",
        engineNoGap + " ms",
        ratio(engineNoGap, ideal));
    table.add("scheduling", what, "make -j" + slots, make + " ms", ratio(make, ideal));
  }

  /**
   * A DAG run twice with a duration history: the first run knows nothing (most dependants first),
   * the second orders by the first's durations (longest remaining path first). Each against the
   * zero-overhead list schedule of its order, and make -jN.
   */
  private void history(int size, int slots, int reps) throws Exception {
    RandomDag dag = RandomDag.generate(size, SEED + 1, 200, 800);
    long uninformed = ListSchedule.makespanMillis(dag, slots, ListSchedule.Order.MOST_DEPENDANTS);
    long informed =
        ListSchedule.makespanMillis(dag, slots, ListSchedule.Order.LONGEST_REMAINING_PATH);
    long[] first = new long[reps];
    long[] second = new long[reps];
    for (int i = 0; i < reps; i++) {
      Optional<Path> file = Optional.of(tmp.resolve("history-" + System.nanoTime() + ".json"));
      first[i] = engineMakespan(dag, slots, RunOptions.DEFAULT_START_GAP, file);
      second[i] = engineMakespan(dag, slots, RunOptions.DEFAULT_START_GAP, file);
    }
    Arrays.sort(first);
    Arrays.sort(second);
    long make = median(reps, () -> makeMakespan(dag, slots));
    String what = size + "-task DAG (200-800 ms), -j" + slots;
    table.add("history", what, "list schedule, uninformed (floor)", uninformed + " ms", "");
    table.add(
        "history",
        what,
        "list schedule, informed (floor)",
        informed + " ms",
        ratio(informed, uninformed));
    table.add(
        "history",
        what,
        "codex-par, first run (target <= 1.03x uninformed)",
        first[reps / 2] + " ms",
        ratio(first[reps / 2], uninformed));
    table.add(
        "history",
        what,
        "codex-par, second run (target <= 1.03x informed)",
        second[reps / 2] + " ms",
        ratio(second[reps / 2], informed));
    table.add("history", what, "make -j" + slots, make + " ms", ratio(make, uninformed));
    // The floors count only the sleeps; each task's child also costs its own start (sh, sleep):
    // with no slack on the critical path, that cost is in every engine figure.
    long standIn = median(FULL ? 11 : 5, this::standInMillis);
    long informedWithChild =
        ListSchedule.makespanMillis(
            dag.withExtraMillis(standIn), slots, ListSchedule.Order.LONGEST_REMAINING_PATH);
    table.add(
        "history",
        what,
        "list schedule, informed, each task + the stand-in's own " + standIn + " ms",
        informedWithChild + " ms",
        "second run " + ratio(second[reps / 2], informedWithChild));
  }

  /** Wall time of one stand-in task of no work ({@code sleep=0}), run alone. */
  private long standInMillis() {
    Path prompt = write("stand-in-prompt", "sleep=0\n");
    try {
      long start = System.nanoTime();
      Process p =
          new ProcessBuilder(codex.toString(), "exec", "--json", "-")
              .directory(tmp.toFile())
              .redirectInput(prompt.toFile())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      assertThat(p.waitFor()).isZero();
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A batch of real codex tasks (two model requests each) at -jN against a mock model API that
   * allows 4 requests a second (a token bucket of 4): the floor is the bucket's own time for the
   * requests it let through; codex-par adapts its slots to the 429s and retries. Each way the API
   * can refuse: an HTTP 429 (codex names no wait: codex-par backs off) and an in-stream
   * rate_limit_exceeded naming the wait.
   */
  private void rateLimited(int tasks, int slots, int reps) {
    RateLimitedBatch batch = new RateLimitedBatch(tasks, slots, 10, Duration.ofMillis(250));
    String what = tasks + " two-request codex tasks, 4 requests/s, -j" + slots;
    long unlimited = median(reps, () -> batch.runUnlimited(registry, tmp).makespan().toMillis());
    table.add(
        "rate limit", what, "codex-par, no rate limit (codex's own time)", unlimited + " ms", "");
    for (MockModelServer.RateLimit.Answer answer : MockModelServer.RateLimit.Answer.values()) {
      MockModelServer.RateLimit limit = new MockModelServer.RateLimit(4, 4, answer);
      List<RateLimitedBatch.Outcome> outcomes = new ArrayList<>();
      for (int i = 0; i < reps; i++) {
        RateLimitedBatch.Outcome outcome = batch.run(registry, tmp, limit);
        assertThat(outcome.last().tasks()).allMatch(t -> t.status() == TaskStatus.DONE);
        outcomes.add(outcome);
      }
      outcomes.sort(Comparator.comparing(RateLimitedBatch.Outcome::makespan));
      RateLimitedBatch.Outcome median = outcomes.get(reps / 2);
      List<MockModelServer.RecordedRequest> requests = median.mock().modelRequests();
      long passed = requests.stream().filter(r -> !r.rateLimited()).count();
      // The bucket's time, or the batch's own where codex alone takes longer than that
      long floor = Math.max(unlimited, limit.floorFor((int) passed).toMillis());
      String who = answer == MockModelServer.RateLimit.Answer.HTTP_429 ? "HTTP 429" : "in-stream";
      table.add(
          "rate limit",
          what,
          "floor: the longer of that and the token bucket's time for its " + passed + " requests",
          floor + " ms",
          "");
      table.add(
          "rate limit",
          what,
          "codex-par, refused by " + who + " (" + (requests.size() - passed) + " refusals)",
          median.makespan().toMillis() + " ms",
          ratio(median.makespan().toMillis(), floor));
    }
  }

  private long engineMakespan(RandomDag dag, int slots, Duration gap) {
    return engineMakespan(dag, slots, gap, Optional.empty());
  }

  private long engineMakespan(
      RandomDag dag, int slots, Duration gap, Optional<Path> durationHistory) {
    Map<String, List<String>> deps = new LinkedHashMap<>();
    List<TaskSpec> tasks = new ArrayList<>();
    for (RandomDag.Node n : dag.nodes()) {
      deps.put(n.name(), n.deps());
      String prompt = String.format(Locale.ROOT, "sleep=%.3f", n.millis() / 1000.0);
      tasks.add(TaskSpec.exec(n.name(), prompt, tmp).withDependsOn(n.deps()));
    }
    Plan plan = new Plan(tasks, Dag.waves(deps));
    RunOptions options =
        new RunOptions(slots, true, false, codex, Map.of(), RunOptions.DEFAULT_KILL_GRACE)
            .withStartGap(gap);
    RunSnapshot last =
        registry
            .start(
                plan,
                dir("sched-" + System.nanoTime()),
                durationHistory.map(options::withDurationHistory).orElse(options),
                caps,
                t -> {})
            .completion()
            .await()
            .atMost(Duration.ofMinutes(10));
    assertThat(last.tasks()).allMatch(t -> t.status() == TaskStatus.DONE);
    return Duration.between(last.startedAt(), last.endedAt()).toMillis();
  }

  private long makeMakespan(RandomDag dag, int slots) {
    StringBuilder makefile = new StringBuilder(".PHONY: all");
    dag.nodes().forEach(n -> makefile.append(' ').append(n.name()));
    makefile.append("\nall:");
    dag.nodes().forEach(n -> makefile.append(' ').append(n.name()));
    makefile.append('\n');
    for (RandomDag.Node n : dag.nodes()) {
      makefile.append(n.name()).append(':');
      n.deps().forEach(d -> makefile.append(' ').append(d));
      makefile.append(String.format(Locale.ROOT, "\n\t@sleep %.3f\n", n.millis() / 1000.0));
    }
    Path file = write("Makefile", makefile.toString());
    return wallMillis(List.of("make", "-s", "-f", file.toString(), "-j" + slots, "all"));
  }

  /** Wall time per zero-work task: the engine vs xargs -P8 running the same stand-in. */
  private void perTaskOverhead(int count, int reps) throws Exception {
    List<TaskSpec> tasks = new ArrayList<>();
    Map<String, Integer> waves = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      tasks.add(TaskSpec.exec("z" + i, "nothing to do", tmp));
      waves.put("z" + i, 0);
    }
    Plan plan = new Plan(tasks, waves);
    long engine = zeroWorkMakespan(plan, reps, RunOptions.DEFAULT_START_GAP);
    long engineNoGap = zeroWorkMakespan(plan, reps, Duration.ZERO);
    Path outs = dir("xargs-out");
    Path input = write("xargs-in", numbers(count));
    long xargs =
        median(
            reps,
            () ->
                wallMillis(
                    List.of(
                        "xargs",
                        "-P8",
                        "-I{}",
                        "-a",
                        input.toString(),
                        codex.toString(),
                        "exec",
                        "--json",
                        "-o",
                        outs + "/{}.md",
                        "-")));
    String what = count + " zero-work tasks, -j8";
    table.add("per-task overhead", what, "xargs -P8", perTask(xargs, count), "");
    table.add(
        "per-task overhead",
        what,
        "codex-par (stagger " + DEFAULT_GAP_TEXT + ", the default)",
        perTask(engine, count),
        String.format(Locale.ROOT, "+%.2f ms/task", (engine - xargs) / (double) count));
    table.add(
        "per-task overhead",
        what,
        "codex-par (stagger 0)",
        perTask(engineNoGap, count),
        String.format(Locale.ROOT, "+%.2f ms/task", (engineNoGap - xargs) / (double) count));
  }

  private long zeroWorkMakespan(Plan plan, int reps, Duration gap) throws Exception {
    return median(
        reps,
        () -> {
          RunSnapshot last = runToEnd(plan, 8, gap, "zero");
          return Duration.between(last.startedAt(), last.endedAt()).toMillis();
        });
  }

  /** One task replaying a large JSONL of real event shapes: events/s vs jq over the same file. */
  private void ingestion(int megabytes) throws Exception {
    Path events = EventFile.write(tmp.resolve("events.jsonl"), megabytes * 1024L * 1024L);
    long lines;
    try (var stream = Files.lines(events)) {
      lines = stream.count();
    }
    TaskSpec task = TaskSpec.exec("replay", "replay=" + events, tmp);
    Run run = start(new Plan(List.of(task), Map.of("replay", 0)), 1, Duration.ZERO, "ingest");
    long frames = renderFramesUntilEnd(run);
    RunSnapshot last = run.completion().await().atMost(Duration.ofMinutes(10));
    TaskSnapshot t = last.tasks().get(0);
    assertThat(t.status()).isEqualTo(TaskStatus.DONE);
    double engineRate = t.figures().events() / seconds(t.startedAt(), t.endedAt());
    long jq = wallMillis(List.of("jq", "-c", ".type", events.toString()));
    double jqRate = lines / (jq / 1000.0);
    String what = megabytes + " MB, " + lines + " events";
    table.add("event ingestion", what, "jq -c .type", rate(jqRate), "");
    table.add(
        "event ingestion",
        what,
        "codex-par's engine in this JVM (full JIT), dashboard on (" + frames + " frames)",
        rate(engineRate),
        ratio(engineRate, jqRate));
    double launchedRate = launchedIngestionRate(events);
    table.add(
        "event ingestion",
        what,
        "./codex-par run, its JVM as launched (C1 only)",
        rate(launchedRate),
        ratio(launchedRate, jqRate));
  }

  /** Events/s of one replaying task run by {@code ./codex-par run}, from its task meta. */
  private double launchedIngestionRate(Path events) throws IOException {
    Path file =
        write(
            "ingest.yaml", "tasks:\n  - {name: replay, cwd: ., prompt: 'replay=" + events + "'}\n");
    Path runDir = dir("ingest-launched");
    Launcher.Result result =
        Launcher.run(
            tmp,
            Map.of(),
            Duration.ofMinutes(10),
            "run",
            file.toString(),
            "--dir",
            runDir.toString(),
            "--codex-bin",
            codex.toString());
    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode meta = Json.MAPPER.readTree(runDir.resolve("logs/replay.meta.json").toFile());
    Instant started = Instant.parse(meta.path("started_at").asText());
    Instant ended = Instant.parse(meta.path("ended_at").asText());
    return meta.path("events").asLong() / seconds(started, ended);
  }

  /**
   * The dashboard's work while a run goes on, at its cadence: a 120x40 colour frame when the run
   * changed, at most every 250 ms (as {@code run --dashboard}); returns the frames drawn.
   */
  private static long renderFramesUntilEnd(Run run) {
    Dashboard dashboard = new Dashboard(ZoneId.systemDefault(), "Ctrl+C cancels the run");
    long frames = 0;
    long chars = 0;
    RunSnapshot seen = run.snapshot();
    while (seen.status() == RunStatus.RUNNING) {
      for (String line : dashboard.frame(seen, Instant.now(), 120, 40, true)) {
        chars += line.length();
      }
      frames++;
      try {
        Thread.sleep(250); // the dashboard's frame-rate cap, not a wait for state
        seen = run.awaitChange(seen.version(), 1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    assertThat(chars).isPositive();
    return frames;
  }

  /** Cancel of running trees, a third of them ignoring SIGTERM: time until every pid is gone. */
  private void cancel(int count) throws Exception {
    List<TaskSpec> tasks = new ArrayList<>();
    Map<String, Integer> waves = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String prompt = i % 3 == 2 ? "ignore-term=120" : "sleep=120";
      tasks.add(TaskSpec.exec("c" + i, prompt, tmp));
      waves.put("c" + i, 0);
    }
    Run run = start(new Plan(tasks, waves), count, Duration.ZERO, "cancel");
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                run.snapshot().tasks().stream()
                    .allMatch(
                        t ->
                            t.pid() != null
                                && ProcessHandle.of(t.pid())
                                    .map(h -> h.children().findAny().isPresent())
                                    .orElse(false)));
    List<ProcessHandle> obeying = new ArrayList<>();
    List<ProcessHandle> ignoring = new ArrayList<>();
    for (TaskSnapshot t : run.snapshot().tasks()) {
      ProcessHandle root = ProcessHandle.of(t.pid()).orElseThrow();
      List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
      tree.add(root);
      (Integer.parseInt(t.name().substring(1)) % 3 == 2 ? ignoring : obeying).addAll(tree);
    }
    long start = System.nanoTime();
    run.cancel("benchmark");
    long obeyingGone = untilGone(obeying, start);
    long allGone = untilGone(ignoring, start);
    run.completion().await().atMost(Duration.ofMinutes(1));
    long orphans =
        java.util.stream.Stream.concat(obeying.stream(), ignoring.stream())
            .filter(Liveness::running)
            .count();
    String what = count + " trees, " + ignoring.size() / 2 + " ignore SIGTERM";
    table.add("cancel", what, "SIGTERM-obeying trees gone", obeyingGone + " ms", "");
    table.add(
        "cancel",
        what,
        "every tree gone (3 s grace, then SIGKILL)",
        allGone + " ms",
        orphans + " orphans");
  }

  /** Peak RSS of a real ./codex-par run with many concurrent chatty tasks. */
  private void memory(int tasks, int itemsPerTask) throws Exception {
    StringBuilder yaml = new StringBuilder("defaults: {cwd: ., sandbox: read-only}\ntasks:\n");
    for (int i = 0; i < tasks; i++) {
      yaml.append("  - {name: m")
          .append(i)
          .append(", prompt: 'chatty=")
          .append(itemsPerTask)
          .append("'}\n");
    }
    Path file = write("memory.yaml", yaml.toString());
    Launcher launcher =
        Launcher.start(
            tmp,
            Map.of("CODEX_BIN", codex.toString()),
            "run",
            file.toString(),
            "--dir",
            dir("memory-run").toString(),
            "-j",
            Integer.toString(tasks));
    long peakKb = 0;
    while (launcher.process().isAlive()) {
      peakKb = Math.max(peakKb, rssKb(launcher.pid()));
      launcher.process().waitFor(50, TimeUnit.MILLISECONDS);
    }
    Launcher.Result result = launcher.await(Duration.ofMinutes(5));
    assertThat(result.exitCode()).as(result.toString()).isZero();
    table.add(
        "memory",
        tasks + " concurrent tasks x " + itemsPerTask + " events",
        "peak RSS of ./codex-par run",
        peakKb / 1024 + " MB",
        "");
  }

  /** get_status over real stdio while many tasks run: latency percentiles and calls/s. */
  private void mcpStatus(int liveTasks, int calls) {
    StatusLatency.Figures f = StatusLatency.measure(dir("mcp-root"), codex, tmp, liveTasks, calls);
    String what = liveTasks + " live tasks, " + calls + " calls one after another";
    table.add(
        "MCP get_status",
        what,
        "serve over stdio, MCP Java SDK client",
        String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms", f.p50(), f.p99()),
        String.format(Locale.ROOT, "%,.0f calls/s", f.callsPerSecond()));
  }

  /** The bytes a model reads of get_status and tools/list, against their budgets. */
  private void mcpSizes(int tasks) throws Exception {
    AnswerSizes.Figures f = AnswerSizes.measure(dir("mcp-sizes-root-" + tasks), codex, tmp, tasks);
    table.add(
        "MCP answer size",
        tasks + " tasks, 16 running, then cancelled",
        "get_status (default) mid-run / at the end",
        String.format(Locale.ROOT, "%,d B / %,d B", f.midRun(), f.atEnd()),
        "budget 6,144 B");
    table.add(
        "MCP answer size",
        tasks + " tasks",
        "get_status detail=tasks (a page of 50) / run list / tools/list",
        String.format(Locale.ROOT, "%,d B / %,d B / %,d B", f.tablePage(), f.runList(), f.tools()),
        "tools/list budget 10,240 B");
  }

  /**
   * Wall time and peak RSS of {@code ./codex-par status} on a finished run: plain java -jar vs the
   * launcher on this JVM (class-data archive) and, where a JDK 25 is found, on it (AOT cache); then
   * a one-task run and {@code serve --help} (the one command that boots Quarkus).
   */
  private void startup(int reps) throws Exception {
    Path runDir = dir("startup-run");
    Path file = write("one.yaml", "tasks:\n  - {name: one, cwd: ., prompt: x}\n");
    Launcher.run(
        tmp,
        Map.of("CODEX_BIN", codex.toString()),
        Duration.ofMinutes(2),
        "run",
        file.toString(),
        "--dir",
        runDir.toString());
    Path jar = Launcher.script().getParent().resolve("target/quarkus-app/quarkus-run.jar");
    List<String> status = List.of("status", "--dir", runDir.toString());
    List<String> plainArgv = new ArrayList<>(List.of(javaBin(), "-jar", jar.toString()));
    plainArgv.addAll(status);
    List<String> launcherArgv = new ArrayList<>(List.of(Launcher.script().toString()));
    launcherArgv.addAll(status);
    String what = "status of a finished run";
    Sample plain = medianSample(reps, plainArgv, Map.of());
    table.add("start-up", what, "java -jar, Java " + Runtime.version().feature(), plain.text(), "");
    Sample launcher = medianSample(reps, launcherArgv, Map.of());
    table.add(
        "start-up",
        what,
        "./codex-par, Java "
            + Runtime.version().feature()
            + " (plain class path, static class-data archive, C1, SerialGC)",
        launcher.text(),
        ratio(launcher.wallMillis(), plain.wallMillis()));
    // The other two kinds of start, through the launcher: a run without Quarkus, serve with it.
    List<String> runArgv =
        List.of(
            Launcher.script().toString(),
            "run",
            file.toString(),
            "--dir",
            dir("startup-run-again").toString(),
            "--codex-bin",
            codex.toString());
    table.add(
        "start-up",
        "run of one zero-work task",
        "./codex-par, Java " + Runtime.version().feature(),
        medianSample(reps, runArgv, Map.of()).text(),
        "");
    List<Long> firstStarts = new ArrayList<>();
    for (int i = 0; i < reps; i++) {
      firstStarts.add(launchToFirstTaskMillis(file, "startup-first-" + i));
    }
    firstStarts.sort(null);
    long firstStart = firstStarts.get(reps / 2);
    table.add(
        "start-up",
        "launch to the first task's start (run of one task)",
        "./codex-par, Java " + Runtime.version().feature(),
        firstStart + " ms",
        ratio(firstStart, launcher.wallMillis()) + " of status (target 1.3x)");
    List<String> serveArgv = List.of(Launcher.script().toString(), "serve", "--help");
    wallMillis(serveArgv, Map.of()); // makes the Quarkus kind's cache
    table.add(
        "start-up",
        "serve --help (Quarkus with the MCP server booted)",
        "./codex-par, Java " + Runtime.version().feature(),
        medianSample(reps, serveArgv, Map.of()).text(),
        "");
    Optional<Path> jdk25 = jdk25();
    if (jdk25.isPresent()) {
      Map<String, String> env = Map.of("JAVA_HOME", jdk25.get().toString());
      wallMillis(launcherArgv, env); // makes its AOT cache
      Sample aot = medianSample(reps, launcherArgv, env);
      table.add(
          "start-up",
          what,
          "./codex-par, Java 25 (AOT cache, C1, SerialGC)",
          aot.text(),
          ratio(aot.wallMillis(), plain.wallMillis()));
      wallMillis(launcherArgv, Map.of()); // back to this JVM's cache for what follows
    }
  }

  /**
   * From spawning {@code ./codex-par run} of a one-task file to its task's start, as the task's
   * meta records it ({@code started_at}, taken on the system clock as the child is launched). Not
   * the OS's start time of the child ({@code pid_started_at}): Linux derives that from the boot
   * time, which can be off from the wall clock by more than the figure itself.
   */
  private long launchToFirstTaskMillis(Path file, String name) throws IOException {
    Path runDir = dir(name);
    Instant launched = Instant.now();
    wallMillis(
        List.of(
            Launcher.script().toString(),
            "run",
            file.toString(),
            "--dir",
            runDir.toString(),
            "--codex-bin",
            codex.toString()));
    JsonNode meta = Json.MAPPER.readTree(runDir.resolve("logs/one.meta.json").toFile());
    Instant taskStarted = Instant.parse(meta.path("started_at").asText());
    return Duration.between(launched, taskStarted).toMillis();
  }

  /** A JDK 25 beside this one: {@code -Dbench.jdk25=DIR}, or the usual install places. */
  private static Optional<Path> jdk25() {
    String given = System.getProperty("bench.jdk25", "");
    if (!given.isBlank()) {
      return Optional.of(Path.of(given));
    }
    for (String parent : List.of("/usr/lib/jvm", "/Library/Java/JavaVirtualMachines")) {
      try (var dirs = Files.list(Path.of(parent))) {
        Optional<Path> found =
            dirs.filter(d -> d.getFileName().toString().matches(".*-25([.-].*)?"))
                .map(
                    d ->
                        Files.isDirectory(d.resolve("Contents/Home"))
                            ? d.resolve("Contents/Home")
                            : d)
                .filter(d -> Files.isExecutable(d.resolve("bin/java")))
                .findFirst();
        if (found.isPresent()) {
          return found;
        }
      } catch (IOException e) {
        // not there: look on
      }
    }
    return Optional.empty();
  }

  /** One whole-process measurement; {@code rssKb} 0 where GNU time is not there to tell it. */
  private record Sample(long wallMillis, long rssKb) {
    String text() {
      return wallMillis + " ms" + (rssKb > 0 ? ", " + rssKb / 1024 + " MB RSS" : "");
    }
  }

  /** The run of median wall time among {@code reps}, with its peak RSS. */
  private Sample medianSample(int reps, List<String> argv, Map<String, String> env) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < reps; i++) {
      samples.add(sample(argv, env));
    }
    samples.sort(java.util.Comparator.comparingLong(Sample::wallMillis));
    return samples.get(reps / 2);
  }

  private Sample sample(List<String> argv, Map<String, String> env) {
    Path gnuTime = Path.of("/usr/bin/time");
    if (!System.getProperty("os.name").startsWith("Linux") || !Files.isExecutable(gnuTime)) {
      return new Sample(wallMillis(argv, env), 0);
    }
    Path report = tmp.resolve("time-report");
    List<String> timed =
        new ArrayList<>(List.of(gnuTime.toString(), "-f", "%M", "-o", report.toString()));
    timed.addAll(argv);
    long wall = wallMillis(timed, env);
    try {
      String text = Files.readString(report).strip();
      return new Sample(wall, Long.parseLong(text.substring(text.lastIndexOf('\n') + 1)));
    } catch (IOException | NumberFormatException e) {
      return new Sample(wall, 0);
    }
  }

  private RunSnapshot runToEnd(Plan plan, int slots, Duration gap, String label) {
    return start(plan, slots, gap, label).completion().await().atMost(Duration.ofMinutes(10));
  }

  private Run start(Plan plan, int slots, Duration gap, String label) {
    RunOptions options =
        new RunOptions(slots, true, false, codex, Map.of(), RunOptions.DEFAULT_KILL_GRACE)
            .withStartGap(gap);
    return registry.start(plan, dir(label + "-" + System.nanoTime()), options, caps, t -> {});
  }

  private static long untilGone(List<ProcessHandle> handles, long startNanos) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> handles.stream().noneMatch(Liveness::running));
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  private static long rssKb(long pid) {
    try {
      Process ps = new ProcessBuilder("ps", "-o", "rss=", "-p", Long.toString(pid)).start();
      String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      ps.waitFor();
      return out.isEmpty() ? 0 : Long.parseLong(out);
    } catch (IOException | NumberFormatException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private long wallMillis(List<String> argv) {
    return wallMillis(argv, Map.of());
  }

  private long wallMillis(List<String> argv, Map<String, String> env) {
    try {
      long start = System.nanoTime();
      ProcessBuilder builder = new ProcessBuilder(argv);
      builder.environment().putAll(env);
      Process p =
          builder
              .directory(tmp.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      int code = p.waitFor();
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(code).as(String.join(" ", argv)).isZero();
      return millis;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long median(int reps, LongSupplier measure) {
    long[] values = new long[reps];
    for (int i = 0; i < reps; i++) {
      values[i] = measure.getAsLong();
    }
    Arrays.sort(values);
    return values[reps / 2];
  }

  private Path write(String name, String text) {
    try {
      return Files.writeString(tmp.resolve(name), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path dir(String name) {
    try {
      return Files.createDirectories(tmp.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String numbers(int count) {
    return java.util.stream.IntStream.range(0, count)
        .mapToObj(Integer::toString)
        .collect(Collectors.joining("\n", "", "\n"));
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }

  private static String ratio(double value, double reference) {
    return String.format(Locale.ROOT, "%.3fx", value / reference);
  }

  private static String perTask(long totalMillis, int count) {
    return String.format(Locale.ROOT, "%.2f ms/task", totalMillis / (double) count);
  }

  private static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%,.0f events/s", perSecond);
  }

  private static String machine() {
    return String.format(
        Locale.ROOT,
        "%s %s, %d cores, Java %s (%s)",
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"));
  }

  /** Rows of metric, workload, contender, figure, relative. */
  static final class Table {
    private final List<String[]> rows = new ArrayList<>();

    void add(String metric, String workload, String who, String figure, String relative) {
      rows.add(new String[] {metric, workload, who, figure, relative});
    }

    String render() {
      StringBuilder md = new StringBuilder("| metric | workload | contender | figure | ratio |\n");
      md.append("|---|---|---|---|---|\n");
      for (String[] r : rows) {
        md.append("| ").append(String.join(" | ", r)).append(" |\n");
      }
      return md.toString();
    }
  }

  /** Writes a JSONL of real codex 0.169 event shapes, about {@code bytes} long. */
  static final class EventFile {
    private static final List<String> SHAPES =
        List.of(
            "{\"type\":\"item.started\",\"item\":{\"id\":\"item_%d\",\"type\":\"command_execution\",\"command\":\"/bin/bash -lc 'ls -la src'\",\"aggregated_output\":\"\",\"exit_code\":null,\"status\":\"in_progress\"}}",
            "{\"type\":\"item.completed\",\"item\":{\"id\":\"item_%d\",\"type\":\"command_execution\",\"command\":\"/bin/bash -lc 'ls -la src'\",\"aggregated_output\":\"total 8\\nA.java\\nB.java\\n\",\"exit_code\":0,\"status\":\"completed\"}}",
            "{\"type\":\"item.completed\",\"item\":{\"id\":\"item_%d\",\"type\":\"reasoning\",\"text\":\"**Planning the change** I will read the file and then edit the method.\"}}",
            "{\"type\":\"item.completed\",\"item\":{\"id\":\"item_%d\",\"type\":\"file_change\",\"changes\":[{\"path\":\"src/A.java\",\"kind\":\"update\"}],\"status\":\"completed\"}}",
            "{\"type\":\"item.completed\",\"item\":{\"id\":\"item_%d\",\"type\":\"agent_message\",\"text\":\"Updated A.java: fixed the rounding of tiered fees.\"}}");

    static Path write(Path file, long bytes) throws IOException {
      long written = 0;
      try (Writer out = Files.newBufferedWriter(file)) {
        for (int i = 0; written < bytes; i++) {
          String line = String.format(Locale.ROOT, SHAPES.get(i % SHAPES.size()), i) + "\n";
          out.write(line);
          written += line.length();
        }
      }
      return file;
    }
  }
}
