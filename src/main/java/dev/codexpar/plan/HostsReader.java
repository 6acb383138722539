package dev.codexpar.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codexpar.appserver.AppServerEndpoint;
import dev.codexpar.model.AppServerHost;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * The top-level {@code hosts:} of a tasks file: codex app-servers over WebSocket, each {@code url}
 * ({@code ws://} or {@code wss://}), {@code token_env} (the name of the variable holding its bearer
 * token: a token itself has no place in the file) and {@code max_parallel}.
 */
final class HostsReader {
  /** A host's slots when the file gives none. */
  static final int DEFAULT_MAX_PARALLEL = 4;

  private static final Set<String> KEYS = Set.of("url", "token_env", "max_parallel");
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private HostsReader() {}

  /**
   * The hosts, with a problem (naming the host's index and the field) added for each bad entry.
   *
   * @param node the {@code hosts:} value, null when absent
   * @param lineOf the line of a JSON pointer in the file
   */
  static List<AppServerHost> read(
      JsonNode node, String source, ToIntFunction<String> lineOf, List<Problem> problems) {
    List<AppServerHost> hosts = new ArrayList<>();
    if (node == null) {
      return hosts;
    }
    if (!node.isArray()) {
      problems.add(
          new Problem(
              source, lineOf.applyAsInt("/hosts"), null, "hosts", "expected a list of hosts"));
      return hosts;
    }
    for (int i = 0; i < node.size(); i++) {
      String at = "/hosts/" + i;
      String field = "hosts[" + i + "]";
      JsonNode host = node.get(i);
      if (!host.isObject()) {
        problems.add(problem(source, lineOf, at, "hosts[" + i + "]", "expected a mapping"));
        continue;
      }
      int before = problems.size();
      host.fieldNames()
          .forEachRemaining(
              key -> {
                if (!KEYS.contains(key)) {
                  problems.add(
                      problem(
                          source,
                          lineOf,
                          at + "/" + key,
                          field + "." + key,
                          "unknown key" + Suggest.didYouMean(key, KEYS)));
                }
              });
      String url = host.path("url").isTextual() ? host.path("url").asText() : null;
      String tokenEnv = host.path("token_env").isTextual() ? host.path("token_env").asText() : null;
      if (host.has("token_env") && (tokenEnv == null || !VARIABLE.matcher(tokenEnv).matches())) {
        problems.add(
            problem(
                source,
                lineOf,
                at + "/token_env",
                "hosts[" + i + "].token_env",
                "expected the name of an environment variable (the token is read from it)"));
      }
      int slots = DEFAULT_MAX_PARALLEL;
      if (host.has("max_parallel")) {
        JsonNode n = host.get("max_parallel");
        slots = n.canConvertToInt() && n.isIntegralNumber() ? n.asInt() : 0;
        if (slots < 1) {
          problems.add(
              problem(
                  source,
                  lineOf,
                  at + "/max_parallel",
                  "hosts[" + i + "].max_parallel",
                  "expected a whole number of at least 1"));
        }
      }
      if (url == null) {
        problems.add(
            problem(source, lineOf, at, "hosts[" + i + "].url", "expected ws://HOST:PORT"));
      } else {
        try {
          new AppServerEndpoint.WebSocket(URI.create(url), null);
        } catch (IllegalArgumentException e) {
          problems.add(
              problem(source, lineOf, at + "/url", "hosts[" + i + "].url", e.getMessage()));
        }
      }
      if (problems.size() == before) {
        hosts.add(new AppServerHost(url, tokenEnv, slots));
      }
    }
    return hosts;
  }

  private static Problem problem(
      String source, ToIntFunction<String> lineOf, String at, String field, String message) {
    return new Problem(source, lineOf.applyAsInt(at), null, field, message);
  }
}
