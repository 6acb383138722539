package dev.codexpar.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The JSON block a written report page renders from, for tests of the doors that write it. */
public final class ReportData {
  private static final String OPEN = "<script type=\"application/json\" id=\"run-data\">";

  private ReportData() {}

  public static JsonNode of(Path page) throws IOException {
    String html = Files.readString(page);
    int from = html.indexOf(OPEN) + OPEN.length();
    return new ObjectMapper().readTree(html.substring(from, html.indexOf("</script>", from)));
  }

  /** The task of that name in the data. */
  public static JsonNode task(JsonNode data, String name) {
    for (JsonNode t : data.get("tasks")) {
      if (t.get("name").asText().equals(name)) {
        return t;
      }
    }
    throw new AssertionError("no task " + name + " in the report");
  }
}
