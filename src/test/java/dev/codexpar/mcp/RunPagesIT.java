package dev.codexpar.mcp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codexpar.git.TestRepo;
import dev.codexpar.report.RunPages;
import dev.codexpar.testing.Browser;
import dev.codexpar.testing.FakeCodexScript;
import io.modelcontextprotocol.spec.McpSchema;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A run's page outside the CLI, with the packaged {@code serve} and the fake codex: the report and
 * the MCP App as resources read through the MCP Java SDK client, {@code _meta.ui.resourceUri} on
 * the tools, the App rendered in headless chromium by a stub host that posts a recorded tool
 * result, and the live web view of {@code serve --http}: token required, then the page follows the
 * run as a task ends. Nothing the pages ask for leaves the machine. A screenshot per test is kept
 * in {@code target/browser-screenshots/}.
 */
class RunPagesIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final String TOKEN = "t0ken-for-the-web-view";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  Path root;
  Path log;
  Path codex;
  Map<String, String> env;
  private Browser browser;
  private String testName;

  @BeforeEach
  void setUp(TestInfo info) throws Exception {
    root = tmp.resolve("root");
    log = Files.createDirectories(tmp.resolve("log"));
    codex = FakeCodex.install(tmp.resolve("bin"));
    env = Map.of("FAKE_CODEX_LOG", log.toString());
    testName = info.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void keepScreenshot() {
    if (browser != null) {
      browser.screenshot(getClass().getSimpleName() + "-" + testName);
      browser.close();
    }
  }

  private ChromeDriver browser() {
    String missing = Browser.missing();
    assumeTrue(missing == null, () -> "browser tests skipped: " + missing);
    browser = Browser.start(1280, 1400);
    return browser.driver();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theToolsNameTheAppAndTheReportIsAResourceAndAPathOnceTheRunIsOver() throws Exception {
    try (McpSession mcp = McpSession.start(root, codex, env)) {
      for (McpSchema.Tool tool : mcp.client.listTools().tools()) {
        if (List.of("get_status", "start_run").contains(tool.name())) {
          assertThat((Map<String, Object>) tool.meta().get("ui"))
              .as(tool.name() + " _meta.ui")
              .containsEntry("resourceUri", "ui://codex-par/run");
        }
      }
      McpSchema.ReadResourceResult app =
          mcp.client.readResource(new McpSchema.ReadResourceRequest("ui://codex-par/run"));
      McpSchema.TextResourceContents page = (McpSchema.TextResourceContents) app.contents().get(0);
      assertThat(page.mimeType()).isEqualTo(RunPages.APP_MIME_TYPE);
      assertThat(page.text()).contains("ui/initialize", "id=\"gantt-rows\"");

      Map<String, Object> started =
          mcp.ok("start_run", Map.of("yaml", tasks(task("a", "go") + task("b", "go", "a"))));
      String runId = (String) started.get("run_id");
      Path report = root.resolve("runs").resolve(runId).resolve("report.html");
      assertThat(started).containsEntry("report", report.toString());
      assertThat(mcp.awaitRunOver(runId, DEADLINE)).containsEntry("status", "done");
      // written on a thread of its own once the run is over, then named by get_status
      await()
          .atMost(DEADLINE)
          .until(
              () ->
                  report
                      .toString()
                      .equals(mcp.ok("get_status", Map.of("run_id", runId)).get("report")));
      assertThat(Files.readString(report)).contains("\"name\":\"b\"");

      McpSchema.ReadResourceResult read =
          mcp.client.readResource(
              new McpSchema.ReadResourceRequest("codex-par://runs/" + runId + "/report"));
      McpSchema.TextResourceContents html = (McpSchema.TextResourceContents) read.contents().get(0);
      assertThat(html.mimeType()).isEqualTo("text/html");
      assertThat(html.text()).contains("\"id\":\"" + runId + "\"", "\"name\":\"a\"");
    }
  }

  /**
   * The App draws what the tool result holds: every task, a bar per turn of a task that had two
   * (its verify failed once, codex fixed it in its session), a worktree task's committed lines.
   */
  @Test
  void theAppShowsTheRunsTasksFromAToolResultAStubHostPosts() throws Exception {
    String appPage;
    McpSchema.CallToolResult result;
    TestRepo repo = TestRepo.withCommit(tmp);
    String yaml =
        tasks(
            "- {name: scan, cwd: "
                + repo.top
                + ", worktree: true, prompt: 'FAKE: write=scan.txt:found'}\n"
                + "- name: review\n"
                + "  cwd: "
                + tmp
                + "\n  depends_on: [scan]\n  prompt: 'FAKE: ok'\n"
                + "  verify: if [ -e verified ]; then exit 0; fi; touch verified; exit 1\n");
    // the project's fake codex, which really writes the file it is told to
    try (McpSession mcp = McpSession.start(root, FakeCodexScript.path(), Map.of())) {
      String runId = (String) mcp.ok("start_run", Map.of("yaml", yaml)).get("run_id");
      mcp.awaitRunOver(runId, DEADLINE);
      result = mcp.call("get_status", Map.of("run_id", runId, "detail", "tasks"));
      appPage =
          ((McpSchema.TextResourceContents)
                  mcp.client
                      .readResource(new McpSchema.ReadResourceRequest("ui://codex-par/run"))
                      .contents()
                      .get(0))
              .text();
    }
    Path site = Files.createDirectories(tmp.resolve("host"));
    Files.writeString(site.resolve("app.html"), appPage, StandardCharsets.UTF_8);
    String recorded =
        JSON.writeValueAsString(
                Map.of(
                    "content",
                    List.of(Map.of("type", "text", "text", McpSession.text(result))),
                    "structuredContent",
                    result.structuredContent()))
            .replace("<", "\\u003c");
    Files.writeString(site.resolve("host.html"), stubHost(recorded), StandardCharsets.UTF_8);

    ChromeDriver web = browser();
    web.get(site.resolve("host.html").toUri().toString());
    await()
        .atMost(DEADLINE)
        .until(
            () -> web.executeScript("return window.hostSaw.join(' ')").toString(),
            s -> s.contains("ui/notifications/initialized"));
    web.switchTo().frame("app");
    await()
        .atMost(DEADLINE)
        .until(() -> "true".equals(web.findElement(By.tagName("body")).getAttribute("data-ready")));
    for (String name : List.of("scan", "review")) {
      assertThat(web.findElements(By.cssSelector("#gantt-rows .row[data-task='" + name + "']")))
          .as("timeline row of " + name)
          .hasSize(1);
      assertThat(web.findElement(By.id("task-" + name)).getText()).contains("done");
    }
    assertThat(web.findElement(By.id("run-status")).getText()).isEqualTo("done");
    List<WebElement> review =
        web.findElements(By.cssSelector("#gantt-rows .row[data-task='review'] .bar"));
    assertThat(review).extracting(b -> b.getAttribute("data-turn")).containsExactly("1", "2");
    assertThat(review)
        .extracting(b -> b.getAttribute("data-kind"))
        .containsExactly("start", "verify_fix");
    assertThat(web.findElement(By.cssSelector("#task-scan summary .change")).getText())
        .isEqualTo("+1/-0");
    // review waited for scan: the chain that held the run up, named and outlined
    assertThat(web.findElement(By.id("critical-path")).getText()).contains("scan → review");
    assertThat(web.findElements(By.cssSelector("#gantt-rows .row[data-task='scan'] .bar.critical")))
        .hasSize(1);
    assertThat(requestsOtherThan(web, "file://")).isEmpty();
    web.switchTo().defaultContent();
  }

  @Test
  void theLiveWebPageNeedsTheTokenAndFollowsTheRunAsATaskEnds() throws Exception {
    Map<String, String> withToken = new HashMap<>(env);
    withToken.put("CODEX_PAR_TOKEN", TOKEN);
    try (HttpServe serve = HttpServe.start(root, codex, withToken)) {
      assertThat(given().baseUri(serve.url()).get("/").statusCode()).isEqualTo(401);
      assertThat(given().baseUri(serve.url()).queryParam("token", "wrong").get("/").statusCode())
          .isEqualTo(401);

      McpHttpSession mcp = McpHttpSession.open(serve.url(), Optional.of(TOKEN));
      JsonNode started =
          mcp.ok("start_run", Map.of("yaml", tasks(task("quick", "go") + task("slow", "HANG"))));
      String runId = started.path("run_id").asText();
      await().atMost(DEADLINE).until(() -> Files.exists(log.resolve("slow.pids")));
      assertThat(given().baseUri(serve.url()).get("/runs/" + runId + "/data").statusCode())
          .isEqualTo(401);
      // the pages have /mcp's origin check: a page of another host gets nothing, even with the
      // token
      assertThat(
              given()
                  .baseUri(serve.url())
                  .header("Authorization", "Bearer " + TOKEN)
                  .header("Origin", "https://evil.example")
                  .get("/runs/" + runId + "/data")
                  .statusCode())
          .isEqualTo(403);
      assertThat(
              given()
                  .baseUri(serve.url())
                  .header("Authorization", "Bearer " + TOKEN)
                  .get("/runs/" + runId + "/data")
                  .statusCode())
          .isEqualTo(200);
      Response redirected =
          given()
              .baseUri(serve.url())
              .redirects()
              .follow(false)
              .queryParam("token", TOKEN)
              .get("/runs/" + runId);
      assertThat(redirected.statusCode()).isEqualTo(303);
      assertThat(redirected.header("Location")).isEqualTo("/runs/" + runId);
      assertThat(redirected.header("Set-Cookie").toLowerCase())
          .contains("httponly", "samesite=strict");
      assertThat(redirected.header("Set-Cookie")).doesNotContain(TOKEN);

      ChromeDriver web = browser();
      web.get(serve.url() + "/?token=" + TOKEN);
      assertThat(web.getCurrentUrl()).isEqualTo(serve.url() + "/");
      web.findElement(By.linkText(runId)).click();
      await().atMost(DEADLINE).until(() -> status(web, "slow"), "running"::equals);
      assertThat(web.getCurrentUrl()).doesNotContain(TOKEN);

      mcp.ok("cancel_run", Map.of("run_id", runId, "task", "slow"));
      await().atMost(DEADLINE).until(() -> status(web, "slow"), "cancelled"::equals);
      await()
          .atMost(DEADLINE)
          .until(() -> web.findElement(By.id("run-status")).getText(), s -> !s.equals("running"));
      assertThat(requestsOtherThan(web, serve.url() + "/")).isEmpty();
    }
  }

  /** "" while the row is not there, or was replaced by a render between finding and reading it. */
  private static String status(ChromeDriver web, String task) {
    List<?> rows = web.findElements(By.cssSelector("#gantt-rows .row[data-task='" + task + "']"));
    try {
      return rows.isEmpty() ? "" : ((WebElement) rows.get(0)).getAttribute("data-status");
    } catch (StaleElementReferenceException e) {
      return "";
    }
  }

  /** Every resource the page fetched (scripts, fetches, images) whose URL does not start so. */
  @SuppressWarnings("unchecked")
  private static List<String> requestsOtherThan(ChromeDriver web, String prefix) {
    List<Object> urls =
        (List<Object>)
            web.executeScript(
                "return performance.getEntriesByType('resource').map(function (e) { return"
                    + " e.name; })");
    return urls.stream().map(Object::toString).filter(u -> !u.startsWith(prefix)).toList();
  }

  /** A host as MCP Apps describes it: answers ui/initialize, then posts the tool result. */
  private static String stubHost(String recordedResult) {
    return """
        <!doctype html><html><body>
        <iframe id="app" name="app" src="app.html" style="width:1240px;height:1300px"></iframe>
        <script>
        var result = %s;
        var frame = document.getElementById("app");
        window.hostSaw = [];
        window.addEventListener("message", function (e) {
          var m = e.data;
          if (e.source !== frame.contentWindow || !m || m.jsonrpc !== "2.0") return;
          window.hostSaw.push(m.method || "response");
          if (m.method === "ui/initialize") {
            frame.contentWindow.postMessage({ jsonrpc: "2.0", id: m.id, result: {
              protocolVersion: m.params.protocolVersion, hostInfo: { name: "stub", version: "1" },
              hostCapabilities: {}, hostContext: {} } }, "*");
          } else if (m.method === "ui/notifications/initialized") {
            frame.contentWindow.postMessage({ jsonrpc: "2.0",
              method: "ui/notifications/tool-result", params: result }, "*");
          }
        });
        </script></body></html>
        """
        .formatted(recordedResult);
  }

  private String task(String name, String prompt, String... dependsOn) {
    String deps =
        dependsOn.length == 0 ? "" : ", depends_on: [" + String.join(", ", dependsOn) + "]";
    return "- {name: " + name + ", cwd: " + tmp + ", prompt: " + prompt + deps + "}\n";
  }

  private static String tasks(String tasks) {
    return "tasks:\n" + tasks;
  }
}
