package dev.codexpar.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.store.RunFolder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The report page ({@link RunReport}) in the two places that feed it newer data than it was built
 * with: the live web view of {@code serve --http} (the page polls the run's version and fetches its
 * data when it changed) and the MCP App (the page gets a tool result from the host over the MCP
 * Apps postMessage bridge). The page's script renders again from any such data.
 */
public final class RunPages {
  /** The MIME type of an MCP App's HTML resource (MCP Apps, SEP-1865). */
  public static final String APP_MIME_TYPE = "text/html;profile=mcp-app";

  private static final String BODY_END = "</body>";
  private static final String NO_NETWORK = "default-src 'none';";

  private RunPages() {}

  /**
   * The run's report data as JSON, with its {@code version} (the page compares it with the one
   * {@link #version} names to know when to fetch again).
   */
  public static String data(RunFolder folder, RunSnapshot run, long version, Instant now) {
    ObjectNode data = RunReport.data(folder, run, now);
    ((ObjectNode) data.get("run")).put("version", version);
    return data.toString();
  }

  /** The small answer a live page polls: the run's version and whether it may change again. */
  public static String version(long version, boolean live) {
    return "{\"version\":" + version + ",\"live\":" + live + "}";
  }

  /**
   * The page of one run for a browser: the report, and while the run is live a script that polls
   * {@code versionPath} and renders {@code dataPath} anew when the version moved. The page may
   * connect to its own origin only.
   *
   * @param paths the run's two endpoints; they hold no quote (a run id is letters, digits, ., _, -)
   */
  public static String live(
      RunFolder folder, RunSnapshot run, long version, Instant now, LivePaths paths) {
    String page = RunReport.page(data(folder, run, version, now));
    if (!run.live()) {
      return page;
    }
    String feed =
        "<script data-data=\""
            + paths.data()
            + "\" data-version=\""
            + paths.version()
            + "\">\n"
            + script("report/live.js")
            + "</script>\n";
    return page.replace(NO_NETWORK, NO_NETWORK + " connect-src 'self';")
        .replace(BODY_END, feed + BODY_END);
  }

  /** Where a live page polls the version and fetches the data of its run. */
  public record LivePaths(String data, String version) {}

  /**
   * The MCP App: the page without data and with a bridge that asks the host (over postMessage, the
   * MCP Apps protocol) for the tool result and renders it; it makes no network request.
   */
  public static String app() {
    return RunReport.page("")
        .replace(
            BODY_END, "<script>\n" + script("report/app-bridge.js") + "</script>\n" + BODY_END);
  }

  private static String script(String resource) {
    try (InputStream in = RunPages.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the artifact lacks its resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
