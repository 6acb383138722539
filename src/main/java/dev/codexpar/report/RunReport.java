package dev.codexpar.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskFigures;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.VerifyRound;
import dev.codexpar.model.WorktreeInfo;
import dev.codexpar.store.AtomicFile;
import dev.codexpar.store.RunFolder;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * One self-contained HTML page of a run, from its folder only ({@link RunFolder}): a timeline of
 * every task by wave (a bar per codex turn, numbered by attempt, with its verify rounds, coloured
 * by status, the critical path marked), each task's figures, commands, files and a worktree task's
 * +/- lines, error, output (markdown rendered, raw HTML escaped) and stderr tail, the run's totals
 * and tokens per task. The page's script and style are inline and it loads nothing: it reads the
 * same from a file, a mail attachment or an MCP client.
 */
public final class RunReport {
  /** The report's name in a run folder, where {@code report} writes it by default. */
  public static final String FILE_NAME = "report.html";

  /** A task's output beyond this is cut (the file in outputs/ stays whole). */
  static final int MAX_OUTPUT_BYTES = 64 * 1024;

  static final int STDERR_TAIL_BYTES = 4 * 1024;
  static final String DATA_MARK = "/*RUN-DATA*/";
  private static final String TEMPLATE = "report/report.html";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Parser MARKDOWN =
      Parser.builder().extensions(List.of(TablesExtension.create())).build();
  private static final HtmlRenderer HTML =
      HtmlRenderer.builder()
          .extensions(List.of(TablesExtension.create()))
          .escapeHtml(true)
          .sanitizeUrls(true)
          .build();

  private RunReport() {}

  /** Thrown when a folder holds no run (no {@code run.meta.json}). */
  public static final class NoRunException extends IllegalArgumentException {
    NoRunException(Path dir) {
      super("no codex-par run in " + dir + " (no " + RunFolder.RUN_META + ")");
    }
  }

  /**
   * Writes the page of the run in {@code folder} to {@code target} (atomically: a browser or client
   * reading it never sees half a page).
   *
   * @throws NoRunException when the folder holds no run
   */
  public static Path write(RunFolder folder, Path target, Instant now) {
    AtomicFile.write(target, html(folder, now).getBytes(StandardCharsets.UTF_8));
    return target;
  }

  /** The page of the run in {@code folder} as it is at {@code now}. */
  public static String html(RunFolder folder, Instant now) {
    RunSnapshot run = folder.read().orElseThrow(() -> new NoRunException(folder.root()));
    return page(data(folder, run, now).toString());
  }

  /**
   * The page with {@code data} (the JSON of {@link #data}) embedded; empty data renders nothing.
   */
  static String page(String data) {
    // inside <script>, "</script>" in a task's text would end the block: JSON may spell < as \u003c
    return template().replace(DATA_MARK, data.replace("<", "\\u003c"));
  }

  static ObjectNode data(RunFolder folder, RunSnapshot run, Instant now) {
    ObjectNode root = JSON.createObjectNode();
    Set<String> critical = new HashSet<>(CriticalPath.of(run.tasks(), now));
    ObjectNode meta = root.putObject("run");
    meta.put("id", run.runId());
    meta.put("status", run.status().wireName());
    meta.put("dir", run.dir().toString());
    meta.put("live", run.live());
    millis(meta, "startedAt", run.startedAt());
    millis(meta, "endedAt", run.endedAt());
    meta.put("now", now.toEpochMilli());
    meta.put("waves", run.waveCount());
    strings(meta, "criticalPath", CriticalPath.of(run.tasks(), now));
    ArrayNode tasks = root.putArray("tasks");
    for (TaskSnapshot t : run.tasks()) {
      tasks.add(task(folder, t, critical.contains(t.name()), now));
    }
    return root;
  }

  private static ObjectNode task(RunFolder folder, TaskSnapshot t, boolean critical, Instant now) {
    ObjectNode node = JSON.createObjectNode();
    TaskFigures f = t.figures();
    node.put("name", t.name());
    node.put("wave", t.wave());
    node.put("status", t.status().wireName());
    strings(node, "dependsOn", t.dependsOn());
    node.put("critical", critical);
    millis(node, "startedAt", t.startedAt());
    millis(node, "endedAt", t.endedAt());
    if (t.duration(now) != null) {
      node.put("durationMs", t.duration(now).toMillis());
    }
    node.put("inputTokens", f.inputTokens());
    node.put("cachedInputTokens", f.cachedInputTokens());
    node.put("outputTokens", f.outputTokens());
    node.put("reasoningOutputTokens", f.reasoningOutputTokens());
    node.put("commandCount", f.commands());
    node.put("fileCount", f.files());
    node.put("lastAction", f.lastAction());
    node.put("error", t.error());
    node.put("exitCode", t.exitCode());
    strings(node, "attemptErrors", t.attemptErrors());
    node.put("attemptCount", t.attempts());
    node.set("bars", bars(folder, t, now));
    node.set("verifyRounds", verifyRounds(t, now));
    node.set("worktree", worktree(t.worktree()));
    TaskActivity activity = TaskActivity.read(folder.eventLog(t.name()));
    ArrayNode commands = node.putArray("commands");
    activity
        .commands()
        .forEach(
            c -> commands.addObject().put("command", c.command()).put("exitCode", c.exitCode()));
    strings(node, "files", activity.files());
    node.put("activityCut", activity.cut());
    node.put("outputHtml", outputHtml(folder.output(t.name())).orElse(null));
    node.put("stderrTail", tail(folder.stderrLog(t.name())).orElse(null));
    return node;
  }

  private static ArrayNode bars(RunFolder folder, TaskSnapshot t, Instant now) {
    Path logs = folder.root().resolve("logs");
    ArrayNode bars = JSON.createArrayNode();
    for (TaskBars.Bar b : TaskBars.of(t, n -> lastWrite(logs, t.name(), n), now)) {
      ObjectNode bar = bars.addObject();
      bar.put("turn", b.turn());
      bar.put("attempt", b.attempt());
      bar.put("kind", b.kind());
      bar.put("prompt", b.prompt());
      millis(bar, "start", b.start());
      millis(bar, "end", b.end());
      bar.put("status", b.status());
      bar.put("error", b.error());
      bar.put("estimatedStart", b.estimatedStart());
    }
    return bars;
  }

  private static ArrayNode verifyRounds(TaskSnapshot t, Instant now) {
    ArrayNode rounds = JSON.createArrayNode();
    for (VerifyRound v : t.verifyRounds()) {
      ObjectNode round = rounds.addObject();
      round.put("round", v.round());
      millis(round, "start", v.startedAt());
      millis(round, "end", v.endedAt() != null ? v.endedAt() : now);
      round.put("exitCode", v.exitCode());
      round.put("timedOut", v.timedOut());
      round.put("passed", v.passed());
    }
    return rounds;
  }

  /**
   * A worktree task's branch and committed change, as the task's meta records it (the same figures
   * the dashboard shows); null for a task without a worktree.
   */
  private static ObjectNode worktree(WorktreeInfo w) {
    if (w == null) {
      return null;
    }
    ObjectNode node = JSON.createObjectNode();
    node.put("branch", w.branch());
    node.put("committed", w.committed());
    node.put("filesChanged", w.filesChanged());
    node.put("insertions", w.insertions());
    node.put("deletions", w.deletions());
    return node;
  }

  private static Optional<Instant> lastWrite(Path logs, String task, int attempt) {
    return List.of(".jsonl", ".stderr.log").stream()
        .map(suffix -> logs.resolve(task + ".attempt-" + attempt + suffix))
        .filter(Files::isRegularFile)
        .map(RunReport::modified)
        .max(Comparator.naturalOrder());
  }

  private static Instant modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toInstant();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the time of " + file, e);
    }
  }

  static Optional<String> outputHtml(Path output) {
    if (!Files.isRegularFile(output)) {
      return Optional.empty();
    }
    byte[] head = headOf(output, MAX_OUTPUT_BYTES);
    String text = new String(head, StandardCharsets.UTF_8);
    boolean cut = size(output) > head.length;
    String html = HTML.render(MARKDOWN.parse(text));
    return Optional.of(
        cut ? html + "<p class=\"cut\">(cut at " + MAX_OUTPUT_BYTES / 1024 + " KB)</p>" : html);
  }

  static Optional<String> tail(Path log) {
    if (!Files.isRegularFile(log) || size(log) == 0) {
      return Optional.empty();
    }
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long from = Math.max(0, file.length() - STDERR_TAIL_BYTES);
      byte[] bytes = new byte[(int) (file.length() - from)];
      file.seek(from);
      file.readFully(bytes);
      String text = new String(bytes, StandardCharsets.UTF_8);
      // a cut start may split a line (or a character): begin at the next whole line
      return Optional.of(from == 0 ? text : text.substring(text.indexOf('\n') + 1));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log, e);
    }
  }

  private static byte[] headOf(Path file, int max) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(max);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void strings(ObjectNode node, String field, List<String> values) {
    ArrayNode array = node.putArray(field);
    values.forEach(array::add);
  }

  private static void millis(ObjectNode node, String field, Instant at) {
    if (at == null) {
      node.putNull(field);
    } else {
      node.put(field, at.toEpochMilli());
    }
  }

  static String template() {
    try (InputStream in = RunReport.class.getClassLoader().getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IllegalStateException("the artifact lacks its resource " + TEMPLATE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + TEMPLATE, e);
    }
  }
}
