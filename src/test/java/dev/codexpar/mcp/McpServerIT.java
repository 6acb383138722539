package dev.codexpar.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code serve} from the packaged jar, over real stdio, with a real MCP client and a fake codex.
 */
class McpServerIT {
  private static final Duration RUN_DEADLINE = Duration.ofSeconds(60);

  @TempDir Path tmp;
  Path root;
  Path log;
  Path codex;
  McpSession mcp;

  @BeforeEach
  void startServer() throws Exception {
    root = tmp.resolve("root");
    log = Files.createDirectories(tmp.resolve("log"));
    codex = FakeCodex.install(tmp.resolve("bin"));
    mcp = McpSession.start(root, codex, Map.of("FAKE_CODEX_LOG", log.toString()));
  }

  @AfterEach
  void stopServer() {
    mcp.close();
  }

  @Test
  void listsEveryToolWithSchemasAndAnnotations() {
    List<McpSchema.Tool> tools = mcp.client.listTools().tools();
    Map<String, McpSchema.Tool> byName =
        tools.stream().collect(Collectors.toMap(McpSchema.Tool::name, t -> t));
    assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(McpSession.TOOLS);
    for (McpSchema.Tool tool : tools) {
      assertThat(tool.description()).as(tool.name()).hasSizeGreaterThan(60);
      assertThat(tool.inputSchema()).as(tool.name()).containsEntry("type", "object");
      // No output schemas: tools/list stays small; every result is structured content and text.
      assertThat(tool.outputSchema()).as(tool.name()).isNull();
      assertThat(tool.annotations()).as(tool.name()).isNotNull();
    }
    assertThat(properties(byName.get("start_run").inputSchema()))
        .containsKeys(
            "yaml",
            "path",
            "dir",
            "max_parallel",
            "keep_going",
            "dynamic",
            "resume_run_id",
            "rerun");
    assertThat(byName.get("read_output").inputSchema().get("required"))
        .asList()
        .containsExactlyInAnyOrder("run_id", "task");
    assertThat(byName.get("get_status").annotations().readOnlyHint()).isTrue();
    assertThat(byName.get("cancel_run").annotations().destructiveHint()).isTrue();
  }

  @Test
  void staticRunEndsAndItsOutputReadsBackInThreeChunks() throws Exception {
    Map<String, Object> started =
        mcp.ok("start_run", Map.of("yaml", tasks(task("a", "go"), task("b", "go", "a"))));
    String runId = (String) started.get("run_id");
    assertThat(started.get("waves")).isEqualTo(List.of(List.of("a"), List.of("b")));
    assertThat((String) started.get("dir")).isEqualTo(root.resolve("runs/" + runId).toString());

    Map<String, Object> status = awaitRunOver(runId);
    assertThat(status.get("status")).isEqualTo("done");

    Path file = root.resolve("runs").resolve(runId).resolve("outputs/b.md");
    long size = Files.size(file);
    int chunkBytes = (int) (size / 3 + 4);
    StringBuilder text = new StringBuilder();
    List<Boolean> eofs = new ArrayList<>();
    long offset = 0;
    for (int i = 0; i < 3; i++) {
      Map<String, Object> chunk =
          mcp.ok(
              "read_output",
              Map.of("run_id", runId, "task", "b", "offset", offset, "max_bytes", chunkBytes));
      text.append(chunk.get("text"));
      eofs.add((Boolean) chunk.get("eof"));
      assertThat(((Number) chunk.get("total_bytes")).longValue()).isEqualTo(size);
      offset = ((Number) chunk.get("next_offset")).longValue();
    }
    assertThat(text.toString()).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    assertThat(eofs).containsExactly(false, false, true);

    Map<String, Object> stderr = mcp.ok("read_stderr", Map.of("run_id", runId, "task", "a"));
    assertThat((String) stderr.get("text")).contains("fake codex stderr of a: é 😀");
    assertThat(stderr.get("eof")).isEqualTo(true);

    List<Map<String, Object>> runs = list(mcp.ok("get_status", Map.of()).get("runs"));
    assertThat(runs).extracting(r -> r.get("run_id")).contains(runId);
  }

  @Test
  void cancellingATaskThenTheRunLeavesNoChildAlive() throws Exception {
    String runId =
        startRun(tasks(task("h1", "HANG"), task("h2", "HANG"), task("later", "go", "h2")));
    List<Long> pids = awaitHanging("h1");
    pids.addAll(awaitHanging("h2"));
    // No output yet: empty text, not an error, and not eof.
    Map<String, Object> early = mcp.ok("read_output", Map.of("run_id", runId, "task", "h1"));
    assertThat(early.get("text")).isEqualTo("");
    assertThat(early.get("eof")).isEqualTo(false);

    Map<String, Object> one = mcp.ok("cancel_run", Map.of("run_id", runId, "task", "h1"));
    assertThat(one.get("cancelled")).isEqualTo(List.of("h1"));
    assertThat(mcp.taskStatus(runId, "h1")).isEqualTo("cancelled");
    assertThat(mcp.taskStatus(runId, "h2")).isEqualTo("running");

    Map<String, Object> all = mcp.ok("cancel_run", Map.of("run_id", runId));
    assertThat(list(all.get("cancelled"))).containsExactlyInAnyOrder("h2", "later");
    assertThat(all.get("status")).isEqualTo("cancelled");
    assertThat(pids).hasSize(4);
    // The tasks end with their codex child; its grandchildren got SIGTERM too and go right after.
    await().atMost(Duration.ofSeconds(3)).until(() -> pids.stream().noneMatch(FakeCodex::alive));
    assertThat(mcp.ok("cancel_run", Map.of("run_id", runId)).get("cancelled")).isEqualTo(List.of());
  }

  @Test
  void aRunWhoseServerWasKilledIsInterruptedNamesItsOrphanAndCancelStopsIt() throws Exception {
    List<Long> pids = new ArrayList<>();
    try {
      String runId;
      try (OwnServer own = startOwnServer()) {
        McpSession owner = own.session();
        ProcessHandle server = own.process();
        runId =
            (String) owner.ok("start_run", Map.of("yaml", tasks(task("h", "HANG")))).get("run_id");
        pids.addAll(awaitHanging("h"));
        // This other server reads the run from its files: the pid is on disk before the kill.
        await().atMost(RUN_DEADLINE).until(() -> pids.get(0).equals(taskField(runId, "h", "pid")));
        server.destroyForcibly(); // SIGKILL: the server cannot stop its codex child
        await().atMost(RUN_DEADLINE).until(() -> !server.isAlive());
      }
      assertThat(pids).allMatch(FakeCodex::alive);

      Map<String, Object> status = mcp.ok("get_status", Map.of("run_id", runId));
      assertThat(status.get("status")).isEqualTo("interrupted");
      assertThat(taskField(runId, "h", "status")).isEqualTo("interrupted");
      // The list without run_id has it too: interrupted, not live, never running.
      Map<String, Object> listed = mcp.ok("get_status", Map.of());
      assertThat(maps(listed.get("runs")))
          .filteredOn(r -> runId.equals(r.get("run_id")))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.get("status")).isEqualTo("interrupted");
                assertThat(r.get("live")).isEqualTo(false);
                assertThat(r.get("running")).isEqualTo(0);
              });
      assertThat(McpSession.text(mcp.call("get_status", Map.of())))
          .containsPattern(runId + " +interrupted ");
      assertThat(maps(status.get("orphans")))
          .containsExactly(Map.of("task", "h", "pid", pids.get(0).intValue()));
      assertThat(McpSession.text(mcp.call("get_status", Map.of("run_id", runId))))
          .contains("orphan: task h left codex pid " + pids.get(0) + " running");
      assertThat(mcp.error("start_run", Map.of("resume_run_id", runId))).isEqualTo("RUN_LIVE");
      // A new run in that folder would have the orphan write into its files: refused, as the CLI
      // refuses it, and the folder is left as it was.
      String runDir = (String) status.get("dir");
      McpSchema.CallToolResult fresh =
          mcp.call("start_run", Map.of("yaml", tasks(task("n", "go")), "dir", runDir));
      assertThat(fresh.isError()).isTrue();
      assertThat(McpSession.text(fresh))
          .startsWith("RUN_LIVE: ")
          .contains("task h: pid " + pids.get(0));
      assertThat(Path.of(runDir, "previous-runs")).doesNotExist();

      Map<String, Object> cancelled = mcp.ok("cancel_run", Map.of("run_id", runId));
      assertThat(maps(cancelled.get("stopped_orphans")))
          .containsExactly(Map.of("task", "h", "pid", pids.get(0).intValue()));
      await().atMost(Duration.ofSeconds(10)).until(() -> pids.stream().noneMatch(FakeCodex::alive));
      assertThat(list(mcp.ok("get_status", Map.of("run_id", runId)).get("orphans"))).isEmpty();
      assertThat(list(mcp.ok("cancel_run", Map.of("run_id", runId)).get("stopped_orphans")))
          .isEmpty();
    } finally {
      pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  @ParameterizedTest(name = "SIG{0}")
  @ValueSource(strings = {"TERM", "INT"})
  void aStopSignalToTheServerCancelsItsRunAndKillsItsTreeWithinFiveSeconds(String signal)
      throws Exception {
    List<Long> pids = new ArrayList<>();
    try {
      String runId;
      try (OwnServer own = startOwnServer()) {
        runId =
            (String)
                own.session()
                    .ok("start_run", Map.of("yaml", tasks(task("t", "HANG"))))
                    .get("run_id");
        pids.addAll(awaitHanging("t"));
        long start = System.nanoTime();
        signal(own.process(), signal);
        own.process().onExit().get(10, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      }
      await().atMost(Duration.ofSeconds(3)).until(() -> pids.stream().noneMatch(FakeCodex::alive));
      // Read back by this other server: final, cancelled, not interrupted.
      Map<String, Object> status = mcp.ok("get_status", Map.of("run_id", runId));
      assertThat(status.get("status")).isEqualTo("cancelled");
      assertThat(taskField(runId, "t", "status")).isEqualTo("cancelled");
      assertThat(list(status.get("orphans"))).isEmpty();
    } finally {
      pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  @Test
  void resumingARunRunsExactlyItsNotDoneTasksAndKeepsDoneOutputs() throws Exception {
    String yaml =
        tasks(task("a", "go"), task("b", "FLAKY"), task("c", "go", "b"), task("d", "go", "a"));
    String first =
        (String) mcp.ok("start_run", Map.of("yaml", yaml, "keep_going", true)).get("run_id");
    assertThat(awaitRunOver(first).get("status")).isEqualTo("failed");
    assertThat(taskField(first, "c", "status")).isEqualTo("skipped");
    assertThat(FakeCodex.runs(log)).containsExactlyInAnyOrder("a", "b", "d");
    Path folder = root.resolve("runs").resolve(first);
    String aOutput = Files.readString(folder.resolve("outputs/a.md"));

    assertThat(mcp.error("start_run", Map.of("resume_run_id", "20990101-000000-0000")))
        .isEqualTo("RUN_NOT_FOUND");
    McpSchema.CallToolResult ghost =
        mcp.call("start_run", Map.of("resume_run_id", first, "rerun", List.of("ghost", "a")));
    assertThat(map(ghost.structuredContent()).get("code")).isEqualTo("TASK_NOT_FOUND");
    assertThat(McpSession.text(ghost)).contains("ghost").doesNotContain("[ghost, a]");
    assertThat(mcp.error("start_run", Map.of("rerun", List.of("a"), "yaml", yaml)))
        .isEqualTo("INVALID_ARGUMENT");
    assertThat(mcp.error("start_run", Map.of("resume_run_id", first, "dir", tmp.toString())))
        .isEqualTo("INVALID_ARGUMENT");
    Files.delete(log.resolve("runs.log"));

    // No yaml: the tasks come from the earlier run's folder.
    Map<String, Object> resumed = mcp.ok("start_run", Map.of("resume_run_id", first));
    String second = (String) resumed.get("run_id");
    assertThat(second).isNotEqualTo(first);
    assertThat(resumed.get("resumed_from")).isEqualTo(first);
    assertThat(resumed.get("dir")).isEqualTo(folder.toString());
    assertThat(list(resumed.get("carried_over"))).containsExactlyInAnyOrder("a", "d");
    assertThat(list(resumed.get("to_run"))).containsExactlyInAnyOrder("b", "c");
    assertThat(awaitRunOver(second).get("status")).isEqualTo("done");
    assertThat(FakeCodex.runs(log)).containsExactlyInAnyOrder("b", "c");
    assertThat(Files.readString(folder.resolve("outputs/a.md"))).isEqualTo(aOutput);
    assertThat(readAll(second, "a")).isEqualTo(aOutput);
    // The earlier run stays readable by its id (moved aside within the folder).
    Map<String, Object> earlier = mcp.ok("get_status", Map.of("run_id", first));
    assertThat(earlier.get("status")).isEqualTo("failed");
    assertThat(list(mcp.ok("get_status", Map.of()).get("runs")))
        .extracting(r -> map(r).get("run_id"))
        .contains(first, second);

    assertThat(mcp.error("start_run", Map.of("resume_run_id", first))).isEqualTo("RUN_FINISHED");
    // Read by the earlier id, a task's output is the earlier run's, not the one now in the folder.
    assertThat(mcp.ok("read_output", Map.of("run_id", first, "task", "b")).get("task_status"))
        .isEqualTo("failed");

    // rerun forces a done task and everything downstream of it; the rest stays done.
    Files.delete(log.resolve("runs.log"));
    Map<String, Object> again =
        mcp.ok("start_run", Map.of("resume_run_id", second, "rerun", List.of("a")));
    assertThat(list(again.get("to_run"))).containsExactlyInAnyOrder("a", "d");
    assertThat(awaitRunOver((String) again.get("run_id")).get("status")).isEqualTo("done");
    assertThat(FakeCodex.runs(log)).containsExactlyInAnyOrder("a", "d");
  }

  @Test
  void resumeRefusesALiveRunAndARunWithoutRecordedTasks() throws Exception {
    String hanging = startRun(tasks(task("h", "HANG")));
    awaitHanging("h");
    assertThat(mcp.error("start_run", Map.of("resume_run_id", hanging))).isEqualTo("RUN_LIVE");
    mcp.ok("cancel_run", Map.of("run_id", hanging));

    try (var specs =
        Files.newDirectoryStream(
            root.resolve("runs").resolve(hanging).resolve("logs"), "*.spec.json")) {
      for (Path spec : specs) {
        Files.delete(spec);
      }
    }
    assertThat(mcp.error("start_run", Map.of("resume_run_id", hanging))).isEqualTo("TASKS_UNKNOWN");
    // With the tasks given again, the cancelled task runs.
    Map<String, Object> resumed =
        mcp.ok("start_run", Map.of("resume_run_id", hanging, "yaml", tasks(task("h", "go"))));
    assertThat(list(resumed.get("to_run"))).containsExactly("h");
    assertThat(awaitRunOver((String) resumed.get("run_id")).get("status")).isEqualTo("done");
  }

  @Test
  void everyDomainFailureIsAnErrorResultWithItsCode() throws Exception {
    assertThat(mcp.error("get_status", Map.of("run_id", "../../etc")))
        .isEqualTo("INVALID_ARGUMENT");
    assertThat(mcp.error("get_status", Map.of("wait_s", 31))).isEqualTo("INVALID_ARGUMENT");
    assertThat(mcp.error("start_run", Map.of())).isEqualTo("INVALID_ARGUMENT");
    assertThat(mcp.error("get_status", Map.of("run_id", "20990101-000000-0000")))
        .isEqualTo("RUN_NOT_FOUND");

    McpSchema.CallToolResult invalid =
        mcp.call("start_run", Map.of("yaml", tasks(task("x", "go", "ghost"), "- name: y\n")));
    assertThat(invalid.isError()).isTrue();
    Map<String, Object> failure = map(invalid.structuredContent());
    assertThat(failure.get("code")).isEqualTo("VALIDATION_FAILED");
    assertThat(maps(failure.get("problems")))
        .anySatisfy(p -> assertThat(((Number) p.get("line")).intValue()).isPositive());

    String staticRun = startRun(tasks(task("s", "go")));
    awaitRunOver(staticRun);
    assertThat(mcp.error("read_output", Map.of("run_id", staticRun, "task", "nope")))
        .isEqualTo("TASK_NOT_FOUND");
    assertThat(mcp.error("read_output", Map.of("run_id", staticRun, "task", "../../x")))
        .isEqualTo("TASK_NOT_FOUND");
    assertThat(mcp.error("dispatch_task", dispatch(staticRun, "d", "go"))).isEqualTo("NOT_DYNAMIC");
    assertThat(mcp.error("write_fact", Map.of("run_id", staticRun, "key", "k", "value", "v")))
        .isEqualTo("RUN_FINISHED");

    String dynamic = startDynamic();
    mcp.ok("dispatch_task", dispatch(dynamic, "d1", "go"));
    assertThat(mcp.error("dispatch_task", dispatch(dynamic, "d1", "go")))
        .isEqualTo("DUPLICATE_TASK");
    Map<String, Object> ghostDep = new HashMap<>(dispatch(dynamic, "d2", "go"));
    ghostDep.put("depends_on", List.of("ghost"));
    assertThat(mcp.error("dispatch_task", ghostDep)).isEqualTo("UNKNOWN_DEPENDENCY");
    mcp.ok("dispatch_task", dispatch(dynamic, "boom", "FAIL"));
    await().atMost(RUN_DEADLINE).until(() -> "failed".equals(mcp.taskStatus(dynamic, "boom")));
    assertThat(mcp.error("dispatch_task", dispatch(dynamic, "d3", "go"))).isEqualTo("RUN_STOPPED");
    mcp.ok("seal_dispatch", Map.of("run_id", dynamic));
    assertThat(mcp.error("dispatch_task", dispatch(dynamic, "d4", "go"))).isEqualTo("RUN_SEALED");

    Path shared = tmp.resolve("shared-dir");
    String busy =
        (String)
            mcp.ok("start_run", Map.of("yaml", tasks(task("h", "HANG")), "dir", shared.toString()))
                .get("run_id");
    assertThat(
            mcp.error(
                "start_run", Map.of("yaml", tasks(task("h", "go")), "dir", shared.toString())))
        .isEqualTo("FOLDER_BUSY");
    mcp.ok("cancel_run", Map.of("run_id", busy));
  }

  @Test
  void dynamicRunTakesTasksAndFactsUntilSealed() throws Exception {
    String runId = startDynamic();
    Map<String, Object> fact =
        mcp.ok("write_fact", Map.of("run_id", runId, "key", "api", "value", "FACT-ONE"));
    assertThat(fact.get("truncated")).isEqualTo(false);
    mcp.ok("dispatch_task", dispatch(runId, "first", "go"));
    await().atMost(RUN_DEADLINE).until(() -> "done".equals(mcp.taskStatus(runId, "first")));

    Map<String, Object> big =
        mcp.ok("write_fact", Map.of("run_id", runId, "key", "big", "value", "é".repeat(700)));
    assertThat(big.get("truncated")).isEqualTo(true);
    assertThat((String) big.get("value")).endsWith(" [truncated]");
    mcp.ok("write_fact", Map.of("run_id", runId, "key", "late", "value", "FACT-TWO"));
    String wave = tasks(task("w2", "go", "w1"), task("w1", "go", "first"));
    Map<String, Object> dispatched = mcp.ok("dispatch_wave", Map.of("run_id", runId, "yaml", wave));
    assertThat(maps(dispatched.get("tasks")))
        .extracting(t -> t.get("name"))
        .containsExactlyInAnyOrder("w1", "w2");
    Map<String, Object> sealed = mcp.ok("seal_dispatch", Map.of("run_id", runId));
    assertThat(sealed.get("sealed")).isEqualTo(true);

    assertThat(awaitRunOver(runId).get("status")).isEqualTo("done");
    assertThat(Files.readString(log.resolve("first.prompt")))
        .contains("FACT-ONE")
        .doesNotContain("FACT-TWO");
    assertThat(Files.readString(log.resolve("w2.prompt"))).contains("FACT-ONE", "FACT-TWO");
    List<Map<String, Object>> facts =
        list(mcp.ok("read_facts", Map.of("run_id", runId)).get("facts"));
    assertThat(facts).extracting(f -> f.get("key")).containsExactly("api", "big", "late");
  }

  @Test
  void dispatchesRacingASealEachRunOrAreRefused() throws Exception {
    String runId = startDynamic();
    int count = 24;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<McpSchema.CallToolResult>> calls = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Map<String, Object> args = dispatch(runId, "r" + i, "go");
        calls.add(pool.submit(() -> mcp.call("dispatch_task", args)));
        if (i == count / 2) {
          calls.add(pool.submit(() -> mcp.call("seal_dispatch", Map.of("run_id", runId))));
        }
      }
      Set<String> accepted = new java.util.TreeSet<>();
      int refused = 0;
      for (Future<McpSchema.CallToolResult> call : calls) {
        McpSchema.CallToolResult result = call.get();
        Map<String, Object> content = map(result.structuredContent());
        if (Boolean.TRUE.equals(result.isError())) {
          assertThat(content.get("code")).isEqualTo("RUN_SEALED");
          refused++;
        } else if (content.containsKey("tasks") && content.get("tasks") instanceof List<?>) {
          maps(content.get("tasks")).forEach(t -> accepted.add((String) t.get("name")));
        }
      }
      assertThat(accepted.size() + refused).isEqualTo(count);
      awaitRunOver(runId);
      List<Map<String, Object>> tasks =
          list(
              mcp.ok("get_status", Map.of("run_id", runId, "detail", "tasks", "limit", 500))
                  .get("tasks"));
      assertThat(tasks)
          .extracting(t -> t.get("name"))
          .containsExactlyInAnyOrderElementsOf(accepted);
      assertThat(tasks).allSatisfy(t -> assertThat(t.get("status")).isEqualTo("done"));
    } finally {
      pool.shutdownNow();
    }
  }

  /** Sends SIGTERM or SIGINT (which ProcessHandle cannot send) with kill(1). */
  private static void signal(ProcessHandle process, String signal) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -%s", signal).isZero();
  }

  /** A second server on the same root whose process the test can signal. */
  private record OwnServer(McpSession session, ProcessHandle process) implements AutoCloseable {
    @Override
    public void close() {
      session.close();
    }
  }

  private OwnServer startOwnServer() {
    Set<Long> before =
        ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    McpSession session = McpSession.start(root, codex, Map.of("FAKE_CODEX_LOG", log.toString()));
    ProcessHandle process =
        ProcessHandle.current()
            .children()
            .filter(p -> !before.contains(p.pid()))
            .findFirst()
            .orElseThrow();
    return new OwnServer(session, process);
  }

  private String startRun(String yaml) {
    return (String) mcp.ok("start_run", Map.of("yaml", yaml)).get("run_id");
  }

  private String startDynamic() {
    return (String) mcp.ok("start_run", Map.of("dynamic", true, "max_parallel", 4)).get("run_id");
  }

  private Map<String, Object> dispatch(String runId, String name, String prompt) {
    return Map.of("run_id", runId, "name", name, "prompt", prompt, "cwd", tmp.toString());
  }

  private Map<String, Object> awaitRunOver(String runId) {
    return mcp.awaitRunOver(runId, RUN_DEADLINE);
  }

  private Object taskField(String runId, String task, String field) {
    return maps(mcp.ok("get_status", Map.of("run_id", runId, "detail", "tasks")).get("tasks"))
        .stream()
        .filter(t -> task.equals(t.get("name")))
        .map(t -> t.get(field) instanceof Number n ? (Object) n.longValue() : t.get(field))
        .findFirst()
        .orElseThrow();
  }

  private String readAll(String runId, String task) {
    StringBuilder text = new StringBuilder();
    long offset = 0;
    while (true) {
      Map<String, Object> chunk =
          mcp.ok("read_output", Map.of("run_id", runId, "task", task, "offset", offset));
      text.append(chunk.get("text"));
      offset = ((Number) chunk.get("next_offset")).longValue();
      if (Boolean.TRUE.equals(chunk.get("eof"))) {
        return text.toString();
      }
    }
  }

  private List<Long> awaitHanging(String task) {
    List<Long> pids = new ArrayList<>();
    await()
        .atMost(RUN_DEADLINE)
        .until(
            () -> {
              pids.clear();
              pids.addAll(FakeCodex.pids(log, task));
              return pids.size() == 2 && pids.stream().allMatch(FakeCodex::alive);
            });
    return pids;
  }

  private String task(String name, String prompt, String... dependsOn) {
    StringBuilder yaml =
        new StringBuilder()
            .append("- name: ")
            .append(name)
            .append('\n')
            .append("  cwd: ")
            .append(tmp)
            .append('\n')
            .append("  prompt: ")
            .append(prompt)
            .append('\n');
    if (dependsOn.length > 0) {
      yaml.append("  depends_on: [").append(String.join(", ", dependsOn)).append("]\n");
    }
    return yaml.toString();
  }

  private static String tasks(String... tasks) {
    return "tasks:\n" + String.join("", tasks);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static <T> List<T> list(Object value) {
    return (List<T>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> maps(Object value) {
    return (List<Map<String, Object>>) value;
  }

  private static Map<String, Object> properties(Map<String, Object> schema) {
    return map(schema.get("properties"));
  }
}
