package dev.codexpar.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slowloris against {@code serve --http}, on real sockets: a client that trickles its headers (on a
 * new connection, or the next request's on a kept-alive one) is cut off within the header timeout
 * (2 s here, 10 s by default), headers past the size limit at once, one that trickles its body
 * within the body timeout (2 s here, 30 s by default), while a normal call and a server-sent event
 * stream open for longer than both go on.
 */
class SlowClientsIT {
  private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration BODY_TIMEOUT = Duration.ofSeconds(2);

  /** {@code quarkus.http.limits.max-header-size}, as application.properties sets it. */
  private static final int HEADER_LIMIT = 8 * 1024;

  @TempDir static Path tmp;
  static HttpServe serve;
  static ScheduledExecutorService trickle;

  @BeforeAll
  static void start() throws IOException {
    serve =
        HttpServe.start(
            List.of("-Dcodex-par.http.body-timeout=" + BODY_TIMEOUT.toSeconds() + "s"),
            tmp.resolve("root"),
            FakeCodex.install(tmp.resolve("bin")),
            // the variable README names
            Map.of("CODEX_PAR_HTTP_HEADER_TIMEOUT", HEADER_TIMEOUT.toSeconds() + "s"));
    trickle = Executors.newScheduledThreadPool(2);
  }

  @AfterAll
  static void stop() {
    trickle.shutdownNow();
    serve.close();
  }

  @Test
  void headersSentOneByteAtATimeAreCutOffAtTheHeaderTimeoutLongBeforeTheHeaderLimit()
      throws Exception {
    try (Trickler client = new Trickler(serve.port)) {
      client.sendNow("GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      // An endless header, a byte every 100 ms: the limit would take more than 13 minutes.
      client.every(Duration.ofMillis(100), endlessHeader());
      await().atMost(HEADER_TIMEOUT.multipliedBy(6)).until(client::cutOff);
      assertThat(client.sent()).isLessThan(HEADER_LIMIT / 10);
      assertThat(client.received()).isEmpty();
    }
  }

  @Test
  void theNextRequestsHeadersSentOneByteAtATimeAreCutOffToo() throws Exception {
    try (Trickler client = new Trickler(serve.port)) {
      client.sendNow("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      await().atMost(Duration.ofSeconds(30)).until(() -> client.received().contains("\r\n\r\n"));
      assertThat(client.received()).startsWith("HTTP/1.1 200").doesNotContain("Connection: close");
      assertThat(client.cutOff()).as("kept alive after the answer").isFalse();
      client.sendNow("GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      client.every(Duration.ofMillis(100), endlessHeader());
      await().atMost(HEADER_TIMEOUT.multipliedBy(6)).until(client::cutOff);
      assertThat(client.received()).doesNotContain("HTTP/1.1 431");
    }
  }

  /**
   * HTTP/2 in clear text is off: with it on, Vert.x would hand the connection over (and start its
   * clock) only once the 24-byte preface was whole.
   */
  @Test
  void anHttp2PrefaceSentOneByteAtATimeIsCutOffAtTheHeaderTimeout() throws Exception {
    byte[] preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    try (Trickler client = new Trickler(serve.port)) {
      client.every(Duration.ofSeconds(1), i -> preface[i % preface.length]);
      await().atMost(HEADER_TIMEOUT.multipliedBy(6)).until(client::cutOff);
      assertThat(client.sent()).isLessThan(preface.length);
    }
  }

  @Test
  void headersPastTheHeaderLimitAreRefused() throws Exception {
    try (Trickler client = new Trickler(serve.port)) {
      client.sendNow(
          "GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(HEADER_LIMIT) + "\r\n");
      await().atMost(Duration.ofSeconds(30)).until(client::cutOff);
      assertThat(client.received()).startsWith("HTTP/1.1 431");
    }
  }

  @Test
  void aBodySentOneByteAtATimeIsCutOffAtTheBodyTimeout() throws Exception {
    String body = McpHttpSession.initializeBody(1);
    try (Trickler client = new Trickler(serve.port)) {
      client.sendNow(
          "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: "
              + McpHttpSession.ACCEPT
              + "\r\nContent-Length: "
              + body.length()
              + "\r\n\r\n");
      byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
      // The whole body would take about 30 s.
      long every = Math.max(1, 30_000 / bytes.length);
      client.every(Duration.ofMillis(every), i -> i < bytes.length ? bytes[i] : (byte) ' ');
      await().atMost(BODY_TIMEOUT.multipliedBy(6)).until(client::cutOff);
      assertThat(client.bodySent()).isLessThan(bytes.length);
    }
  }

  @Test
  void aBodyTrickledAfterItsRequestWasRefusedIsCutOffToo() throws Exception {
    try (Trickler client = new Trickler(serve.port)) {
      client.sendNow(
          "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://elsewhere.example\r\n"
              + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n");
      client.every(Duration.ofMillis(10), i -> (byte) ' ');
      await().atMost(Duration.ofSeconds(30)).until(() -> client.received().contains(" 403 "));
      await().atMost(BODY_TIMEOUT.multipliedBy(6)).until(client::cutOff);
    }
  }

  @Test
  void anEventStreamOutlivesBothTimeoutsAndCallsGoOn() throws Exception {
    McpHttpSession session = McpHttpSession.open(serve.url(), Optional.empty());
    try (Trickler stream = new Trickler(serve.port)) {
      stream.sendNow(
          "GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nMcp-Session-Id: "
              + session.sessionId
              + "\r\n\r\n");
      await().atMost(Duration.ofSeconds(30)).until(() -> stream.received().contains("200"));
      assertThat(stream.received()).startsWith("HTTP/1.1 200").contains("text/event-stream");
      await()
          .during(BODY_TIMEOUT.multipliedBy(2))
          .atMost(BODY_TIMEOUT.multipliedBy(3))
          .until(() -> !stream.cutOff());
      assertThat(session.ok("get_status", Map.of()).has("runs")).isTrue();
      assertThat(stream.cutOff()).isFalse();
    }
  }

  /** The bytes of a header line that never ends. */
  private static java.util.function.IntFunction<Byte> endlessHeader() {
    byte[] name = "X-Slow: ".getBytes(StandardCharsets.US_ASCII);
    return i -> i < name.length ? name[i] : (byte) 'a';
  }

  /** A raw HTTP client: writes what it is told, and notes when the server closes on it. */
  private static final class Trickler implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger trickled = new AtomicInteger();
    private final StringBuffer received = new StringBuffer();
    private final Thread reader;

    Trickler(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setTcpNoDelay(true);
      out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      reader =
          new Thread(
              () -> {
                byte[] buffer = new byte[8192];
                try {
                  for (int n; (n = in.read(buffer)) >= 0; ) {
                    received.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                  }
                } catch (IOException e) {
                  // a reset is a close too
                }
                closed.set(true);
              });
      reader.setDaemon(true);
      reader.start();
    }

    synchronized void sendNow(String text) throws IOException {
      byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
      out.write(bytes);
      out.flush();
      sent.addAndGet(bytes.length);
    }

    /** Sends byte {@code next(i)} for i = 0, 1, ... one at a time, {@code every} apart. */
    void every(Duration every, java.util.function.IntFunction<Byte> next) {
      trickle.scheduleAtFixedRate(
          () -> {
            if (closed.get()) {
              throw new IllegalStateException("closed: stop the schedule");
            }
            try {
              synchronized (this) {
                out.write(next.apply(trickled.get()));
                out.flush();
              }
              trickled.incrementAndGet();
              sent.incrementAndGet();
            } catch (IOException e) {
              closed.set(true);
              throw new IllegalStateException("closed", e);
            }
          },
          0,
          every.toMillis(),
          TimeUnit.MILLISECONDS);
    }

    /** The server closed the connection (or reset it). */
    boolean cutOff() {
      return closed.get();
    }

    int sent() {
      return sent.get();
    }

    int bodySent() {
      return trickled.get();
    }

    String received() {
      return received.toString();
    }

    @Override
    public void close() throws IOException {
      closed.set(true);
      socket.close();
    }
  }
}
