package dev.codexpar.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.codexpar.store.RunFolder;
import dev.codexpar.testing.Browser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * The report page in a real headless chromium: every task in the timeline and the list, the figures
 * and outputs a click opens, a bar per turn, a worktree task's lines changed, nothing fetched, a
 * task's text never run as script, and a run of 1,000 tasks kept light. A screenshot per test is
 * kept in {@code target/browser-screenshots/}.
 */
class ReportBrowserIT {
  private static final Duration LIMIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private Browser browser;
  private String testName;

  @BeforeEach
  void startBrowser(TestInfo info) {
    String missing = Browser.missing();
    assumeTrue(missing == null, () -> "browser tests skipped: " + missing);
    browser = Browser.start(1280, 1400);
    testName = info.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void keepScreenshotAndQuit() {
    if (browser != null) {
      browser.screenshot(getClass().getSimpleName() + "-" + testName);
      browser.close();
    }
  }

  @Test
  void everyTaskOfEveryStatusShowsInTheTimelineWithItsFiguresAndOutput() throws Exception {
    Path page;
    try (RunFolder.Ownership live = ReportFixtures.everyStatus(dir)) {
      page = RunReport.write(new RunFolder(dir), dir.resolve("report.html"), ReportFixtures.NOW);
    }
    ChromeDriver web = open(page);

    for (String name : ReportFixtures.NAMES) {
      assertThat(web.findElements(By.cssSelector("#gantt-rows .row[data-task='" + name + "']")))
          .as("timeline row of " + name)
          .hasSize(1);
    }
    List<String> statuses =
        web.findElements(By.cssSelector("#gantt-rows .row")).stream()
            .map(r -> r.getAttribute("data-status"))
            .toList();
    assertThat(statuses)
        .contains("done", "running", "failed", "pending", "skipped", "cancelled", "interrupted");
    assertThat(bars(web, "lint_config")).hasSize(2); // the failed first attempt and the retry
    assertThat(bars(web, "notes")).isEmpty(); // pending: a row, no bar
    assertThat(web.findElements(By.cssSelector(".row[data-task='cross_review'] .bar.critical")))
        .hasSize(1);
    assertThat(web.findElement(By.id("critical-path")).getText())
        .contains("retry_job → cross_review");
    assertThat(web.findElement(By.id("slowest")).getText()).contains("cross_review");

    // a click on a timeline row opens that task's details
    web.findElement(By.cssSelector(".row[data-task='fix_rounding'] .label")).click();
    WebElement fix = web.findElement(By.id("task-fix_rounding"));
    await().atMost(LIMIT).until(() -> fix.findElements(By.cssSelector(".task-body")).size() == 1);
    assertThat(fix.getText())
        .contains("tokens out: 2210 (reasoning 1152)")
        .contains("error: codex exited 1: tests failed")
        .contains("$ ./gradlew test   (exit 1)")
        .contains("src/Fee.java")
        .contains("ERROR: 2 tests failed");

    WebElement fee = openDetails(web, "fee_calculator");
    assertThat(fee.findElement(By.cssSelector(".output h1")).getText()).isEqualTo("Fee report");
    assertThat(fee.findElement(By.cssSelector(".output table")).getText())
        .contains("rounding uses double");
    assertThat(fee.findElement(By.cssSelector(".output")).getText())
        .contains(ReportFixtures.HOSTILE);
    assertThat(web.executeScript("return window.pwned === undefined")).isEqualTo(true);
    assertThat(openDetails(web, "lint_config").getText())
        .contains("exceeded retry limit, last status: 503 Service Unavailable")
        .contains("attempts: 2");

    // nothing but the page itself was loaded
    assertThat(web.executeScript("return performance.getEntriesByType('resource').length"))
        .isEqualTo(0L);
    web.findElement(By.id("task-fix_rounding")).findElement(By.tagName("summary")).click();
    web.executeScript("window.scrollTo(0, 0)");
  }

  /**
   * A task of three turns (its first, a verify fix, a follow-up) draws three bars with the verify
   * rounds between them, each bar naming its turn on hover; a retried turn starts a new attempt. A
   * worktree task's committed lines show in the totals, its summary and its details.
   */
  @Test
  void aBarPerTurnNamedOnHoverAndAWorktreeTasksLinesChanged() throws Exception {
    Path page;
    try (RunFolder.Ownership live = ReportFixtures.everyStatus(dir)) {
      page = RunReport.write(new RunFolder(dir), dir.resolve("report.html"), ReportFixtures.NOW);
    }
    ChromeDriver web = open(page);

    List<WebElement> polish = bars(web, "polish");
    assertThat(polish).extracting(b -> b.getAttribute("data-turn")).containsExactly("1", "2", "3");
    assertThat(polish)
        .extracting(b -> b.getAttribute("data-kind"))
        .containsExactly("start", "verify_fix", "follow_up");
    assertThat(polish).extracting(b -> b.getAttribute("data-attempt")).containsOnly("1");
    assertThat(polish.get(1).getAttribute("class")).contains("next-turn", "st-done");
    double[] lefts = polish.stream().mapToDouble(b -> b.getRect().getX()).toArray();
    assertThat(lefts).isSorted();
    assertThat(polish.get(0).getRect().getX() + polish.get(0).getRect().getWidth())
        .as("the first turn ends before the verify fix starts")
        .isLessThan(polish.get(1).getRect().getX());
    assertThat(
            web.findElements(By.cssSelector(".row[data-task='polish'] .bar.verify")).stream()
                .map(b -> b.getAttribute("class"))
                .toList())
        .containsExactly("bar verify failed", "bar verify passed");

    new Actions(web).moveToElement(polish.get(1)).perform();
    WebElement tip = web.findElement(By.id("tip"));
    await().atMost(LIMIT).until(tip::isDisplayed);
    assertThat(tip.getText())
        .contains("polish — done")
        .contains("turn 2 (verify_fix), attempt 1: done")
        .contains("The check failed")
        .contains("lines +42/-7");

    List<WebElement> retry = bars(web, "retry_job");
    assertThat(retry).extracting(b -> b.getAttribute("data-attempt")).containsExactly("1", "2");
    assertThat(retry.get(0).getAttribute("class")).contains("st-failed");
    assertThat(retry.get(1).getAttribute("class")).contains("next-attempt", "st-done");
    assertThat(retry.get(0).getAttribute("aria-label")).contains("429 Too Many Requests");

    String lines = "+" + ReportFixtures.POLISH_INSERTIONS + "/-" + ReportFixtures.POLISH_DELETIONS;
    assertThat(web.findElement(By.id("lines-changed")).getText())
        .isEqualTo("lines +42 / -7 in 1 worktree");
    WebElement summary = web.findElement(By.cssSelector("#task-polish summary .change"));
    assertThat(summary.isDisplayed()).isTrue();
    assertThat(summary.getText()).isEqualTo(lines);
    assertThat(web.findElements(By.cssSelector("#task-fee_calculator summary .change"))).isEmpty();
    assertThat(openDetails(web, "polish").getText())
        .contains("lines: " + lines + " in 3 files")
        .contains("branch: codex-par/r-every/polish")
        .contains("turns: 3")
        .contains("verify rounds: failed, passed")
        .contains("turn 3 (follow_up), attempt 1: done");
  }

  @Test
  void aThousandTasksKeepTheTimelineAndTheListLight() {
    RunFolder folder = ReportFixtures.many(dir, 1000);
    ChromeDriver web =
        open(RunReport.write(folder, dir.resolve("report.html"), ReportFixtures.NOW));

    assertThat(web.findElements(By.cssSelector("#gantt-rows .row")).size())
        .as("only the rows in view are drawn")
        .isBetween(10, 80);
    assertThat(web.findElements(By.cssSelector("details.task"))).hasSize(100);
    web.executeScript(
        "var s = document.getElementById('gantt-scroll'); s.scrollTop = s.scrollHeight;");
    await()
        .atMost(LIMIT)
        .until(() -> !web.findElements(By.cssSelector(".row[data-task='t0999']")).isEmpty());
    web.findElement(By.id("filter")).sendKeys("t0999");
    await().atMost(LIMIT).until(() -> web.findElements(By.cssSelector("details.task")).size() == 1);
    assertThat(web.findElement(By.id("filter-count")).getText()).isEqualTo("1 of 1000");
  }

  private ChromeDriver open(Path page) {
    ChromeDriver web = browser.driver();
    web.get(page.toUri().toString());
    await()
        .atMost(LIMIT)
        .until(() -> "true".equals(web.executeScript("return document.body.dataset.ready")));
    return web;
  }

  private static List<WebElement> bars(ChromeDriver web, String task) {
    return web.findElements(By.cssSelector(".row[data-task='" + task + "'] .bar:not(.verify)"));
  }

  private static WebElement openDetails(ChromeDriver web, String task) {
    WebElement details = web.findElement(By.id("task-" + task));
    details.findElement(By.tagName("summary")).click();
    await()
        .atMost(LIMIT)
        .until(() -> details.findElements(By.cssSelector(".task-body")).size() == 1);
    return details;
  }
}
