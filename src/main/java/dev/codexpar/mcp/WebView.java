package dev.codexpar.mcp;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.report.RunPages;
import dev.codexpar.usecase.Refusal;
import dev.codexpar.usecase.RunDirectory;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The runs in a browser, on the listener of {@code serve --http} behind the same {@link HttpGate}
 * as {@code /mcp}: {@code /} lists the runs the root knows, {@code /runs/<id>} is a run's report
 * page, which follows a live run by polling {@code /runs/<id>/version} and fetching {@code
 * /runs/<id>/data} when it moved. Files are read on worker threads, never on the event loop.
 */
@ApplicationScoped
public class WebView {
  static final String RUNS = "/runs/";
  private static final String PAGE_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:;"
          + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  @Inject UseCases useCases;

  /** The web view's paths: everything the listener serves but the MCP endpoint. */
  static boolean isPage(String path) {
    return path != null && !path.startsWith(HttpServer.PATH);
  }

  void routes(@Observes Router router) {
    router.get("/").blockingHandler(ctx -> answer(ctx, this::list), false);
    router.get(RUNS + ":id").blockingHandler(ctx -> answer(ctx, this::page), false);
    router.get(RUNS + ":id/data").blockingHandler(ctx -> answer(ctx, this::data), false);
    router.get(RUNS + ":id/version").blockingHandler(ctx -> answer(ctx, this::version), false);
  }

  private record Answer(String contentType, String body) {}

  private interface Page {
    Answer of(RoutingContext ctx);
  }

  private static void answer(RoutingContext ctx, Page page) {
    Answer answer;
    int status = 200;
    try {
      answer = page.of(ctx);
    } catch (Refusal e) {
      status = e.kind() == Refusal.Kind.RUN_NOT_FOUND ? 404 : 400;
      answer = new Answer("text/plain; charset=utf-8", e.getMessage());
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, answer.contentType())
        .putHeader("Content-Security-Policy", PAGE_POLICY)
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .end(answer.body());
  }

  private RunDirectory.Found found(RoutingContext ctx) {
    return useCases.directory().find(ctx.pathParam("id"));
  }

  private Answer page(RoutingContext ctx) {
    RunDirectory.Found found = found(ctx);
    RunSnapshot run = found.snapshot();
    String base = RUNS + found.runId();
    return html(
        RunPages.live(
            found.folder(),
            run,
            version(run),
            Instant.now(),
            new RunPages.LivePaths(base + "/data", base + "/version")));
  }

  private Answer data(RoutingContext ctx) {
    RunDirectory.Found found = found(ctx);
    RunSnapshot run = found.snapshot();
    return json(RunPages.data(found.folder(), run, version(run), Instant.now()));
  }

  private Answer version(RoutingContext ctx) {
    RunSnapshot run = found(ctx).snapshot();
    return json(RunPages.version(version(run), run.live()));
  }

  /**
   * What the page compares to know it is behind: a live run's own version moves with every change,
   * but a run read from its files (another process's) has none, so its tasks' states count too.
   */
  static long version(RunSnapshot run) {
    List<Object> state =
        run.tasks().stream()
            .map(t -> t.status() + ":" + (t.figures() == null ? 0 : t.figures().events()))
            .map(Object.class::cast)
            .toList();
    return Objects.hash(run.version(), run.status(), run.live(), run.endedAt(), state)
        & 0xffffffffL;
  }

  private Answer list(RoutingContext ctx) {
    StringBuilder rows = new StringBuilder();
    for (RunSnapshot r :
        useCases.directory().all().stream()
            .map(RunDirectory.Listed::run)
            .filter(Objects::nonNull)
            .toList()) {
      rows.append("<tr><td><a href=\"")
          .append(RUNS)
          .append(escape(r.runId()))
          .append("\">")
          .append(escape(r.runId()))
          .append("</a></td><td><span class=\"badge st-")
          .append(r.status().wireName())
          .append("\">")
          .append(r.status().wireName())
          .append("</span></td><td>")
          .append(r.count(TaskStatus.DONE))
          .append('/')
          .append(r.tasks().size())
          .append("</td><td>")
          .append(r.startedAt() == null ? "" : escape(r.startedAt().toString()))
          .append("</td><td class=\"mono\">")
          .append(escape(r.dir().toString()))
          .append("</td></tr>\n");
    }
    return html(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>codex-par"
            + " runs</title><style>body{font:14px/1.45 system-ui,sans-serif;margin:20px}"
            + "table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid"
            + " #e3e6ea;text-align:left}.mono{font-family:ui-monospace,monospace;font-size:12.5px}"
            + ".badge{padding:0 7px;border-radius:9px;color:#fff;background:#9aa3ad}"
            + ".st-done{background:#2e9d57}.st-failed{background:#d64541}"
            + ".st-running{background:#2f7fd6}.st-cancelled{background:#8e6fc4}"
            + ".st-interrupted{background:#e07b28}</style></head><body><h1>codex-par runs</h1>"
            + "<p>in "
            + escape(useCases.settings().root().toString())
            + "</p><table id=\"runs\"><tr><th>run</th><th>status</th><th>done</th>"
            + "<th>started</th><th>folder</th></tr>\n"
            + rows
            + "</table></body></html>");
  }

  private static Answer html(String body) {
    return new Answer("text/html; charset=utf-8", body);
  }

  private static Answer json(String body) {
    return new Answer("application/json", body);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
