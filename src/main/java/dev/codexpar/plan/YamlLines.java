package dev.codexpar.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.codexpar.model.SafeText;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML line of every node, by JSON pointer ({@code /tasks/2/depends_on}), read in one streaming
 * pass so that validation errors can say where they are. The same pass refuses what the tree would
 * silently get wrong: an alias ({@code *name}), which Jackson reads as the anchor's name instead of
 * its value, and a second document, which it drops.
 */
final class YamlLines {
  private final Map<String, Integer> lineByPointer;

  private YamlLines(Map<String, Integer> lineByPointer) {
    this.lineByPointer = lineByPointer;
  }

  /**
   * @throws PlanException on an alias or a second document, naming its line
   */
  static YamlLines of(YAMLFactory factory, String yaml, String source) throws IOException {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = factory.createParser(yaml)) {
      int depth = 0;
      boolean rootSeen = false;
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        int line = parser.currentTokenLocation().getLineNr();
        if (depth == 0) {
          if (rootSeen) {
            throw refused(source, line, "holds more than one YAML document (---): use one");
          }
          rootSeen = true;
        }
        if (token.isStructStart()) {
          depth++;
        } else if (token.isStructEnd()) {
          depth--;
        }
        if (parser instanceof YAMLParser yamlParser && yamlParser.isCurrentAlias()) {
          throw refused(
              source,
              line,
              "YAML aliases (*"
                  + SafeText.snippet(parser.getText(), 40)
                  + ") are not supported: write the value out");
        }
        String pointer = parser.getParsingContext().pathAsPointer().toString();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          // The context of a container's first token is the container itself; its own key is
          // the parent's.
          pointer = parser.getParsingContext().getParent().pathAsPointer().toString();
        }
        lines.putIfAbsent(pointer, line);
      }
    }
    return new YamlLines(lines);
  }

  private static PlanException refused(String source, int line, String message) {
    return new PlanException(List.of(new Problem(source, line, null, null, message)));
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
