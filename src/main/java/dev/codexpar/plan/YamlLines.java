package dev.codexpar.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The YAML line of every node, by JSON pointer ({@code /tasks/2/depends_on}), read in one streaming
 * pass so that validation errors can say where they are.
 */
final class YamlLines {
  private final Map<String, Integer> lineByPointer;

  private YamlLines(Map<String, Integer> lineByPointer) {
    this.lineByPointer = lineByPointer;
  }

  static YamlLines of(YAMLFactory factory, String yaml) throws IOException {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = factory.createParser(yaml)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        String pointer = parser.getParsingContext().pathAsPointer().toString();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          // The context of a container's first token is the container itself; its own key is
          // the parent's.
          pointer = parser.getParsingContext().getParent().pathAsPointer().toString();
        }
        lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
      }
    }
    return new YamlLines(lines);
  }

  static YamlLines none() {
    return new YamlLines(Map.of());
  }

  /** The line of the node at the pointer, else of its closest ancestor, else 0. */
  int lineOf(String pointer) {
    String p = pointer;
    while (true) {
      Integer line = lineByPointer.get(p);
      if (line != null) {
        return line;
      }
      int slash = p.lastIndexOf('/');
      if (slash < 0) {
        return 0;
      }
      p = p.substring(0, slash);
    }
  }
}
