package dev.codexpar.mcp;

import dev.codexpar.report.RunPages;
import dev.codexpar.report.RunReport;
import dev.codexpar.usecase.RunDirectory;
import io.quarkiverse.mcp.server.MetaField;
import io.quarkiverse.mcp.server.Resource;
import io.quarkiverse.mcp.server.ResourceResponse;
import io.quarkiverse.mcp.server.ResourceTemplate;
import io.quarkiverse.mcp.server.ResourceTemplateArg;
import io.quarkiverse.mcp.server.TextResourceContents;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;

/**
 * A run's report page as MCP resources: {@code codex-par://runs/<id>/report} (the page of any run
 * the root knows, built when read, so a live run's is its state now) and the MCP App {@value
 * #APP_URI} that {@code get_status} and {@code start_run} name in {@code _meta.ui.resourceUri}: the
 * same page, fed by the tool result through the host (MCP Apps, SEP-1865).
 */
@Singleton
public class RunPageResources {
  /** The MCP App's resource. */
  static final String APP_URI = "ui://codex-par/run";

  /** A tool's {@code _meta.ui}: the App a host shows beside the tool's result. */
  static final String TOOL_UI = "{\"resourceUri\":\"" + APP_URI + "\"}";

  @Inject UseCases useCases;

  @Resource(
      uri = APP_URI,
      name = "run_view",
      description =
          "The run page (timeline, tasks, tokens) as an MCP App, fed by get_status or start_run's"
              + " result.",
      mimeType = RunPages.APP_MIME_TYPE)
  @MetaField(name = "ui", type = MetaField.Type.JSON, value = "{\"prefersBorder\":true}")
  ResourceResponse app() {
    return new ResourceResponse(
        new TextResourceContents(APP_URI, RunPages.app(), RunPages.APP_MIME_TYPE));
  }

  @ResourceTemplate(
      name = "run_report",
      description =
          "The HTML report of a run this server's root knows (timeline by wave, critical path,"
              + " each task's figures, output and errors), as it is now.",
      uriTemplate = TaskResources.SCHEME + "{runId}/report",
      mimeType = "text/html")
  ResourceResponse report(@ResourceTemplateArg(name = "runId") String runId) {
    RunDirectory.Found found = useCases.directory().find(runId);
    return new ResourceResponse(
        new TextResourceContents(
            TaskResources.SCHEME + runId + "/report",
            RunReport.html(found.folder(), Instant.now()),
            "text/html"));
  }
}
