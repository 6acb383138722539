package dev.codexpar.appserver;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Where a codex app-server is: a child over stdio, or a WebSocket server on some host. */
public sealed interface AppServerEndpoint {

  /** A name for messages, dashboards and meta files (never holds a secret). */
  String name();

  /**
   * A local {@code codex app-server} started as a child speaking JSON-RPC on stdin/stdout.
   *
   * @param argv the codex binary, {@code app-server} and its options (e.g. {@code -c} overrides)
   * @param stderrLog where the child's stderr goes (its last line names why it died)
   */
  record Stdio(List<String> argv, Path cwd, Map<String, String> env, Path stderrLog)
      implements AppServerEndpoint {
    public Stdio {
      argv = List.copyOf(argv);
      env = Map.copyOf(env);
    }

    @Override
    public String name() {
      return "local app-server";
    }
  }

  /**
   * An app-server started elsewhere with {@code --listen ws://IP:PORT}, reached over {@code ws://}
   * or {@code wss://}.
   *
   * @param tokenEnv the environment variable holding the bearer token, or null for none; only the
   *     variable's name is kept, the token is read when connecting and sent only in the header
   */
  record WebSocket(URI uri, String tokenEnv) implements AppServerEndpoint {
    public WebSocket {
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("ws") && !scheme.equals("wss")) {
        throw new IllegalArgumentException(
            "app-server URL " + uri + " must start with ws:// or wss://");
      }
      if (uri.getHost() == null || uri.getPort() < 0 && scheme.equals("ws")) {
        throw new IllegalArgumentException("app-server URL " + uri + " needs a host and a port");
      }
      if (uri.getUserInfo() != null) {
        throw new IllegalArgumentException(
            "app-server URL must not hold credentials; name a token variable instead");
      }
    }

    @Override
    public String name() {
      return uri.toString();
    }
  }
}
