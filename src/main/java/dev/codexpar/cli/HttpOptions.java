package dev.codexpar.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options of {@code serve --http}: where to listen, and the bearer token. */
public class HttpOptions {
  static final String TOKEN_ENV = "CODEX_PAR_TOKEN";
  static final String LOOPBACK = "127.0.0.1";

  @Option(
      names = "--http",
      paramLabel = "PORT",
      description =
          "Serve MCP Streamable HTTP at http://HOST:PORT/mcp instead of stdio (many clients at"
              + " once).")
  Integer port;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      defaultValue = LOOPBACK,
      description =
          "Address to listen on with --http (default: ${DEFAULT-VALUE}). Any address that is not"
              + " loopback requires a token.")
  String host;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description =
          "With --http: every request must carry Authorization: Bearer <the file's content>"
              + " (default: $"
              + TOKEN_ENV
              + " if set, else no token; loopback only).")
  Path tokenFile;

  /** Where to listen and which token to require, once checked. */
  record Listener(String host, int port, Optional<String> token) {
    String url() {
      String shown = host.contains(":") ? "[" + host + "]" : host;
      return "http://" + shown + ":" + port;
    }

    Listener onPort(int bound) {
      return new Listener(host, bound, token);
    }
  }

  boolean enabled() {
    return port != null;
  }

  /**
   * Checks the options: a port in range, a readable non-empty token where one is given, and a token
   * whenever the host is not loopback.
   */
  Listener resolve(Map<String, String> env) {
    if (port < 1 || port > 65535) {
      throw new CliException(ExitCode.USAGE, "--http takes a port from 1 to 65535, got " + port);
    }
    Optional<String> token = token(env);
    if (token.isEmpty() && !isLoopback(host)) {
      throw new CliException(
          ExitCode.USAGE,
          "--host "
              + host
              + " is reachable from other machines: give a bearer token with --token-file FILE"
              + " or $"
              + TOKEN_ENV
              + " (or listen on "
              + LOOPBACK
              + ")");
    }
    return new Listener(host, port, token);
  }

  private Optional<String> token(Map<String, String> env) {
    String text;
    String source;
    if (tokenFile != null) {
      try {
        text = Files.readString(tokenFile, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new CliException(ExitCode.USAGE, "cannot read --token-file " + tokenFile + ": " + e);
      }
      source = "--token-file " + tokenFile;
    } else {
      text = env.get(TOKEN_ENV);
      source = "$" + TOKEN_ENV;
      if (text == null) {
        return Optional.empty();
      }
    }
    String token = text.strip();
    if (token.isEmpty() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new CliException(
          ExitCode.USAGE, source + " must hold one token of printable ASCII without spaces");
    }
    return Optional.of(token);
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new CliException(ExitCode.USAGE, "--host " + host + ": unknown host");
    }
  }
}
