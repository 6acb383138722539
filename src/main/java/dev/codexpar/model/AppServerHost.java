package dev.codexpar.model;

/**
 * A codex app-server reachable over WebSocket that a run's tasks may go to ({@code hosts:}, {@code
 * --host}, MCP {@code hosts}).
 *
 * @param url {@code ws://HOST:PORT} or {@code wss://...}
 * @param tokenEnv the environment variable holding its bearer token, null for none: only the
 *     variable's name is kept anywhere, the token is read when connecting
 * @param maxParallel how many of the run's tasks it runs at once
 */
public record AppServerHost(String url, String tokenEnv, int maxParallel) {}
