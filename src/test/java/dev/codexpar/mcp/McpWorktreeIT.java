package dev.codexpar.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexpar.git.TestRepo;
import dev.codexpar.testing.FakeCodexScript;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worktree tasks through {@code serve} from the packaged jar, over real stdio with the MCP SDK
 * client: start_run's notes, get_status's worktree, get_diff, merge_tasks and its refusal. The fake
 * codex ({@code FAKE: write=FILE:TEXT}) writes in the folder it is run in; git is real.
 */
class McpWorktreeIT {
  private static final Duration RUN_DEADLINE = Duration.ofSeconds(60);

  @TempDir Path tmp;
  TestRepo repo;
  McpSession mcp;

  @BeforeEach
  void startServer() {
    repo = TestRepo.withCommit(tmp);
    mcp = McpSession.start(tmp.resolve("root"), FakeCodexScript.path(), Map.of());
  }

  @AfterEach
  void stopServer() {
    mcp.close();
  }

  /** A worktree task in the test repository that writes NAME.txt. */
  private Map<String, Object> worktreeTask(String name) {
    return Map.of(
        "name",
        name,
        "cwd",
        repo.top.toString(),
        "worktree",
        true,
        "prompt",
        "FAKE: write=" + name + ".txt:from-" + name);
  }

  private String uncommittedNote() {
    return "uncommitted changes in "
        + repo.top
        + " are not in the worktrees: they start from its last commit";
  }

  private String worktreeTasks(String tasks) {
    return "defaults:\n  worktree: true\n  cwd: " + repo.top + "\ntasks:\n" + tasks;
  }

  @Test
  @SuppressWarnings("unchecked")
  void diffAndMergeOfWorktreeTasksAndAConflictRefusedWithTheRepositoryAsItWas() throws Exception {
    String start = repo.head();
    repo.write("README", "edited, not committed\n"); // a dirty repository is fine, and said so
    McpSchema.CallToolResult startResult =
        mcp.call(
            "start_run",
            Map.of(
                "yaml",
                worktreeTasks(
                    """
                      - {name: a, prompt: 'FAKE: write=a.txt:from-a'}
                      - {name: c, prompt: 'FAKE: write=shared.txt:C'}
                      - {name: d, prompt: 'FAKE: write=shared.txt:D'}
                    """)));
    assertThat(startResult.isError()).as(McpSession.text(startResult)).isNotEqualTo(true);
    Map<String, Object> started = (Map<String, Object>) startResult.structuredContent();
    String note = uncommittedNote();
    assertThat(started.get("notes")).isEqualTo(List.of(note));
    assertThat(McpSession.text(startResult)).endsWith("\n" + note);
    String runId = (String) started.get("run_id");

    assertThat(mcp.awaitRunOver(runId, RUN_DEADLINE).get("status")).isEqualTo("done");
    Map<String, Object> status = mcp.ok("get_status", Map.of("run_id", runId, "detail", "tasks"));
    Map<String, Map<String, Object>> worktrees = new HashMap<>();
    for (Map<String, Object> task : (List<Map<String, Object>>) status.get("tasks")) {
      worktrees.put((String) task.get("name"), (Map<String, Object>) task.get("worktree"));
    }
    Map<String, Object> a = worktrees.get("a");
    assertThat(a)
        .containsEntry("branch", "codex-par/" + runId + "/a")
        .containsEntry("base", start)
        .containsEntry("files_changed", 1)
        .containsEntry("insertions", 1)
        .containsEntry("deletions", 0);
    assertThat(worktrees.get("c")).containsEntry("insertions", 1).containsEntry("deletions", 3);

    // get_diff: the patch, in chunks that add up to it; the stat; refusals with their codes
    Map<String, Object> diff = mcp.ok("get_diff", Map.of("run_id", runId, "task", "a"));
    String patch = (String) diff.get("text");
    assertThat(patch).contains("+++ b/a.txt", "+from-a").doesNotContain("shared.txt");
    assertThat(diff).containsEntry("eof", true).containsEntry("task_status", "done");
    StringBuilder chunks = new StringBuilder();
    long offset = 0;
    for (boolean eof = false; !eof; ) {
      Map<String, Object> chunk =
          mcp.ok(
              "get_diff", Map.of("run_id", runId, "task", "a", "offset", offset, "max_bytes", 40));
      chunks.append((String) chunk.get("text"));
      offset = ((Number) chunk.get("next_offset")).longValue();
      eof = (Boolean) chunk.get("eof");
    }
    assertThat(chunks.toString()).isEqualTo(patch);
    assertThat(
            (String)
                mcp.ok("get_diff", Map.of("run_id", runId, "task", "a", "stat", true)).get("text"))
        .contains("a.txt", "1 file changed, 1 insertion(+)");
    assertThat(mcp.error("get_diff", Map.of("run_id", runId, "task", "nope")))
        .isEqualTo("TASK_NOT_FOUND");

    // merge_tasks: the clean ones into the current branch; the local edit stays
    Map<String, Object> merged =
        mcp.ok("merge_tasks", Map.of("run_id", runId, "tasks", List.of("c", "a")));
    assertThat(merged)
        .containsEntry("tasks", List.of("a", "c"))
        .containsEntry("branch", "main")
        .containsEntry("previous", start)
        .containsEntry("created", false);
    assertThat(merged.get("head")).isEqualTo(repo.head()).isNotEqualTo(start);
    assertThat(repo.top.resolve("a.txt")).hasContent("from-a");
    assertThat(Files.readString(repo.top.resolve("shared.txt"))).isEqualTo("C\n");
    assertThat(repo.status()).isEqualTo(" M README\n");

    // d conflicts with c, now merged: refused, machine-readably, and nothing changed
    TestRepo.State before = repo.state();
    McpSchema.CallToolResult refused =
        mcp.call("merge_tasks", Map.of("run_id", runId, "tasks", List.of("d")));
    assertThat(refused.isError()).isTrue();
    Map<String, Object> failure = (Map<String, Object>) refused.structuredContent();
    assertThat(failure.get("code")).isEqualTo("MERGE_REFUSED");
    assertThat((String) failure.get("message")).contains("task d", "shared.txt");
    assertThat(McpSession.text(refused)).contains("task d", "shared.txt");
    assertThat(repo.state()).isEqualTo(before);
    repo.assertNoMergeInProgress();
    assertThat(Files.readString(repo.top.resolve("shared.txt"))).isEqualTo("C\n");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aWorktreeTaskOutsideAGitRepositoryIsAValidationErrorNamingItAndStartsNothing()
      throws Exception {
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    McpSchema.CallToolResult result =
        mcp.call(
            "start_run",
            Map.of(
                "yaml",
                "tasks:\n  - {name: lost, cwd: "
                    + plain
                    + ", worktree: true, prompt: 'FAKE: ok'}\n"));
    assertThat(result.isError()).isTrue();
    Map<String, Object> failure = (Map<String, Object>) result.structuredContent();
    assertThat(failure.get("code")).isEqualTo("VALIDATION_FAILED");
    assertThat((List<Map<String, Object>>) failure.get("problems"))
        .anySatisfy(
            p -> assertThat(p).containsEntry("task", "lost").containsEntry("field", "worktree"));
    assertThat(tmp.resolve("root/runs"))
        .satisfiesAnyOf(
            runs -> assertThat(runs).doesNotExist(), runs -> assertThat(runs).isEmptyDirectory());
  }

  @Test
  @SuppressWarnings("unchecked")
  void aDispatchIntoARepositoryTheRunHadNotSeenSaysItsUncommittedChangesAreNotIn() {
    String runId = (String) mcp.ok("start_run", Map.of("dynamic", true)).get("run_id");
    repo.write("README", "edited, not committed\n");
    String note = uncommittedNote();

    McpSchema.CallToolResult first =
        mcp.call("dispatch_task", Map.of("run_id", runId, "task", worktreeTask("a")));
    assertThat(first.isError()).as(McpSession.text(first)).isNotEqualTo(true);
    assertThat(((Map<String, Object>) first.structuredContent()).get("notes"))
        .isEqualTo(List.of(note));
    assertThat(McpSession.text(first)).endsWith("\n" + note);
    // said once: the run has looked at that repository now
    Map<String, Object> second =
        mcp.ok("dispatch_task", Map.of("run_id", runId, "task", worktreeTask("b")));
    assertThat(second).doesNotContainKey("notes");
    mcp.ok("seal_dispatch", Map.of("run_id", runId));
    assertThat(mcp.awaitRunOver(runId, RUN_DEADLINE).get("status")).isEqualTo("done");
  }

  @Test
  void startRunHasNoNotesWhenThereIsNothingToSay() {
    McpSchema.CallToolResult result =
        mcp.call(
            "start_run",
            Map.of("yaml", worktreeTasks("  - {name: a, prompt: 'FAKE: write=a.txt:from-a'}\n")));
    assertThat(result.isError()).as(McpSession.text(result)).isNotEqualTo(true);
    @SuppressWarnings("unchecked")
    Map<String, Object> started = (Map<String, Object>) result.structuredContent();
    assertThat(started).containsKey("run_id").doesNotContainKey("notes");
    assertThat(McpSession.text(result)).doesNotContain("uncommitted");
    mcp.awaitRunOver((String) started.get("run_id"), RUN_DEADLINE);
  }
}
