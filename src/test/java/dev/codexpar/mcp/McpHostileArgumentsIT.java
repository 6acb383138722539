package dev.codexpar.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile arguments through a real MCP client over stdio to the packaged {@code serve}: each is
 * refused with a code naming its field, quickly, and never as INTERNAL.
 */
class McpHostileArgumentsIT {
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
  void aTasksPathThatIsNoRegularFileIsRefusedWithoutReadingIt() throws Exception {
    Path fifo = tmp.resolve("fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    for (String path : List.of("/dev/zero", "/dev/stdin", fifo.toString(), tmp.toString())) {
      McpSchema.CallToolResult result = mcp.call("start_run", Map.of("path", path));
      assertThat(code(result)).as(path).isEqualTo("INVALID_ARGUMENT");
      assertThat(McpSession.text(result)).as(path).contains("path").contains("not a regular file");
    }
    Path missing = tmp.resolve("missing.yaml");
    assertThat(McpSession.text(mcp.call("start_run", Map.of("path", missing.toString()))))
        .contains("path")
        .contains("no such file");
    // The server still serves (it did not read its own protocol pipe nor fill its heap).
    assertThat(mcp.ok("get_status", Map.of())).containsEntry("total", 0);
  }

  @Test
  void aFileThatIsNoTasksFileHasNoneOfItsTextQuoted() throws Exception {
    Path shadow = tmp.resolve("shadow");
    Files.writeString(
        shadow,
        "root: $6$SECRETSALT$SECRETHASHabcdefghijklmnop\n"
            + "daemon: '*'\n"
            + "alice: $6$ALICESALT$ALICEHASH\n",
        StandardCharsets.UTF_8);
    McpSchema.CallToolResult result = mcp.call("start_run", Map.of("path", shadow.toString()));
    String shown = McpSession.text(result) + result.structuredContent();
    assertThat(code(result)).isEqualTo("VALIDATION_FAILED");
    assertThat(shown).contains("not a tasks file");
    assertThat(shown).doesNotContain("SECRET", "ALICE", "root", "alice", "daemon");
    // Not even YAML: the parser's complaint, without the line it choked on.
    Files.writeString(shadow, "root:$6$SALT$HASH: 19000:0\n  : SECRETLINE\n");
    String invalid = McpSession.text(mcp.call("start_run", Map.of("path", shadow.toString())));
    assertThat(invalid).contains("not valid YAML").doesNotContain("SECRET", "HASH");
  }

  @Test
  void aCallersDirMustBeANewOrEmptyFolderOutsideOtherRunsAndTheRootsBookkeeping() throws Exception {
    Map<String, Object> started = mcp.ok("start_run", Map.of("yaml", oneTask("a", "go")));
    String runId = (String) started.get("run_id");
    mcp.awaitRunOver(runId, RUN_DEADLINE);
    Path runDir = Path.of((String) started.get("dir"));
    Path aFile = Files.writeString(tmp.resolve("a-file"), "x");
    Path othersFiles = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(othersFiles.resolve("thesis.md"), "mine");

    for (String dir :
        List.of(
            "../../escaped",
            root.toString(),
            root.resolve("runs").toString(),
            root.resolve("runs/new-one").toString(),
            root.resolve("links").toString(),
            runDir.resolve("outputs").toString(),
            runDir.resolve("shared/deeper").toString(),
            aFile.toString(),
            othersFiles.toString(),
            "/proc/self",
            "/dev/null",
            tmp + "/nul\u0000here")) {
      McpSchema.CallToolResult result =
          mcp.call("start_run", Map.of("yaml", oneTask("b", "go"), "dir", dir));
      assertThat(code(result)).as(dir).isEqualTo("INVALID_ARGUMENT");
      assertThat(McpSession.text(result)).as(dir).startsWith("INVALID_ARGUMENT: dir ");
    }
    assertThat(othersFiles.resolve("outputs")).doesNotExist();

    // A new folder, an empty one, and a run folder of its own (its earlier run is moved aside).
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    for (Path dir : List.of(tmp.resolve("new/folder"), empty, runDir)) {
      Map<String, Object> ok =
          mcp.ok("start_run", Map.of("yaml", oneTask("c", "go"), "dir", dir.toString()));
      assertThat(ok.get("dir")).isEqualTo(dir.toString());
      mcp.awaitRunOver((String) ok.get("run_id"), RUN_DEADLINE);
    }
  }

  @Test
  void aCwdWithANulIsAProblemNamingTheField() {
    McpSchema.CallToolResult result =
        mcp.call(
            "start_run",
            Map.of("tasks", List.of(Map.of("name", "a", "cwd", "/tmp/a\u0000b", "prompt", "go"))));
    assertThat(code(result)).isIn("VALIDATION_FAILED", "INVALID_ARGUMENT");
    assertThat(McpSession.text(result)).contains("cwd").doesNotContain("Exception");
  }

  @Test
  void aBrokenRunIsMarkedInTheListAndTheOthersStillListed() throws Exception {
    String good = (String) mcp.ok("start_run", Map.of("yaml", oneTask("a", "go"))).get("run_id");
    mcp.awaitRunOver(good, RUN_DEADLINE);
    Map<String, Object> other = mcp.ok("start_run", Map.of("yaml", oneTask("b", "go")));
    String broken = (String) other.get("run_id");
    mcp.awaitRunOver(broken, RUN_DEADLINE);
    mcp.close();
    Path meta = Path.of((String) other.get("dir")).resolve("run.meta.json");
    Files.writeString(meta, "{\"run_id\": \"" + broken + "\", oops");
    mcp = McpSession.start(root, codex, Map.of("FAKE_CODEX_LOG", log.toString()));

    McpSchema.CallToolResult result = mcp.call("get_status", Map.of());
    assertThat(result.isError()).as(McpSession.text(result)).isFalse();
    Map<String, Object> list = McpServerIT.map(result.structuredContent());
    assertThat(list).containsEntry("total", 2);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> runs = (List<Map<String, Object>>) list.get("runs");
    Map<String, Object> brokenEntry =
        runs.stream().filter(r -> broken.equals(r.get("run_id"))).findFirst().orElseThrow();
    assertThat(brokenEntry).containsEntry("status", "broken");
    assertThat(brokenEntry).containsEntry("broken_file", meta.toString());
    assertThat((String) brokenEntry.get("problem")).contains("run.meta.json");
    Map<String, Object> goodEntry =
        runs.stream().filter(r -> good.equals(r.get("run_id"))).findFirst().orElseThrow();
    assertThat(goodEntry).containsEntry("status", "done");
    assertThat(McpSession.text(result)).containsPattern(broken + " +broken ");
  }

  @Test
  void outOfRangeWrongTypeAndUnknownArgumentsNameTheField() {
    String runId = (String) mcp.ok("start_run", Map.of("yaml", oneTask("a", "go"))).get("run_id");
    mcp.awaitRunOver(runId, RUN_DEADLINE);
    Map<String, Map<String, Object>> calls =
        Map.of(
            "offset",
            Map.of("run_id", runId, "task", "a", "offset", new BigInteger("18446744073709551616")),
            "max_bytes",
            Map.of("run_id", runId, "task", "a", "max_bytes", 2147483648L));
    for (var call : calls.entrySet()) {
      McpSchema.CallToolResult result = mcp.call("read_output", call.getValue());
      assertThat(code(result)).as(call.getKey()).isEqualTo("INVALID_ARGUMENT");
      assertThat(McpSession.text(result)).as(call.getKey()).contains(call.getKey());
    }
    for (Object parallel : List.of(1_000_000_000_000L, 2.5, "four", List.of(4))) {
      McpSchema.CallToolResult result =
          mcp.call("start_run", Map.of("yaml", oneTask("b", "go"), "max_parallel", parallel));
      assertThat(code(result)).as("" + parallel).isEqualTo("INVALID_ARGUMENT");
      assertThat(McpSession.text(result)).as("" + parallel).contains("max_parallel");
    }
    McpSchema.CallToolResult unknown =
        mcp.call("get_status", Map.of("run_id", runId, "wait_sec", 1));
    assertThat(code(unknown)).isEqualTo("INVALID_ARGUMENT");
    assertThat(McpSession.text(unknown)).contains("wait_sec").contains("wait_s");
  }

  @Test
  void aRunLiveInAnotherServerIsRefusedNamingItsOwner() throws Exception {
    Map<String, Object> started = mcp.ok("start_run", Map.of("dynamic", true));
    String runId = (String) started.get("run_id");
    try (McpSession other =
        McpSession.start(root, codex, Map.of("FAKE_CODEX_LOG", log.toString()))) {
      Map<String, Object> dispatch =
          Map.of("run_id", runId, "name", "x", "prompt", "go", "cwd", tmp.toString());
      for (var call :
          List.of(
              Map.entry("dispatch_task", dispatch),
              Map.entry("seal_dispatch", Map.<String, Object>of("run_id", runId)),
              Map.entry("cancel_run", Map.<String, Object>of("run_id", runId)))) {
        McpSchema.CallToolResult result = other.call(call.getKey(), call.getValue());
        assertThat(code(result)).as(call.getKey()).isEqualTo("FOLDER_BUSY");
        assertThat(McpSession.text(result))
            .as(call.getKey())
            .contains("live in another codex-par process (pid ");
      }
    }
    // Nothing changed: the owner still takes tasks.
    mcp.ok(
        "dispatch_task",
        Map.of("run_id", runId, "name", "y", "prompt", "go", "cwd", tmp.toString()));
    mcp.ok("seal_dispatch", Map.of("run_id", runId));
    assertThat(mcp.awaitRunOver(runId, RUN_DEADLINE)).containsEntry("status", "done");
  }

  private String oneTask(String name, String prompt) {
    return "tasks:\n- name: " + name + "\n  cwd: " + tmp + "\n  prompt: " + prompt + "\n";
  }

  private static String code(McpSchema.CallToolResult result) {
    assertThat(result.isError()).as(McpSession.text(result)).isTrue();
    return (String) McpServerIT.map(result.structuredContent()).get("code");
  }
}
