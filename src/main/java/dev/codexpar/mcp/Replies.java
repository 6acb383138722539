package dev.codexpar.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.ToolResponse;
import java.util.List;
import java.util.Map;

/** Tool results: always structured content plus text. */
final class Replies {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private Replies() {}

  static ToolResponse success(Object structured, String text) {
    return new ToolResponse(false, List.of(new TextContent(text)), structured, Map.of());
  }

  /** A domain failure: {@code isError: true}, {@code {code, message}} and the same as text. */
  static ToolResponse failure(Views.Failure failure) {
    String text;
    try {
      text = failure.code() + ": " + failure.message();
      if (failure.problems() != null) {
        text += "\n" + JSON.writeValueAsString(failure.problems());
      }
    } catch (JsonProcessingException e) {
      text = failure.code() + ": " + failure.message();
    }
    return new ToolResponse(true, List.of(new TextContent(text)), failure, Map.of());
  }
}
