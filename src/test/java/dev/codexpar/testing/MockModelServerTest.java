package dev.codexpar.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The mock alone, spoken to with the JDK HTTP client (no codex needed). */
class MockModelServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final MockModelServer mock = MockModelServer.start();

  @AfterEach
  void close() {
    mock.close();
  }

  private HttpResponse<String> post(String prompt, int outputs) throws Exception {
    return post(mock, prompt, outputs);
  }

  private HttpResponse<String> post(MockModelServer to, String prompt, int outputs)
      throws Exception {
    return http.send(request(to, prompt, outputs), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(String prompt, int outputs) {
    return request(mock, prompt, outputs);
  }

  private HttpRequest request(MockModelServer to, String prompt, int outputs) {
    ObjectNode body = JSON.createObjectNode().put("model", "gpt-5-codex");
    ArrayNode input = body.putArray("input");
    input
        .addObject()
        .put("type", "message")
        .put("role", "user")
        .putArray("content")
        .addObject()
        .put("type", "input_text")
        .put("text", "<environment_context/>");
    input
        .addObject()
        .put("type", "message")
        .put("role", "user")
        .putArray("content")
        .addObject()
        .put("type", "input_text")
        .put("text", prompt);
    for (int i = 1; i <= outputs; i++) {
      input.addObject().put("type", "function_call").put("call_id", "call_" + i);
      input
          .addObject()
          .put("type", "function_call_output")
          .put("call_id", "call_" + i)
          .put("output", "out " + i);
    }
    return HttpRequest.newBuilder(URI.create(to.baseUrl() + "/responses"))
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .header("content-type", "application/json")
        .build();
  }

  @Test
  void modelsAndUnknownPaths() throws Exception {
    assertThat(mock.baseUrl()).startsWith("http://127.0.0.1:").endsWith("/v1");
    HttpResponse<String> models =
        http.send(
            HttpRequest.newBuilder(URI.create(mock.baseUrl() + "/models")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(models.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(models.body()))
        .isEqualTo(JSON.readTree("{\"data\":[],\"models\":[]}"));
    HttpResponse<String> other =
        http.send(
            HttpRequest.newBuilder(URI.create(mock.baseUrl() + "/chat/completions")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(mock.requests())
        .extracting(MockModelServer.RecordedRequest::path)
        .containsExactly("/v1/models", "/v1/chat/completions");
    assertThat(mock.modelRequests()).isEmpty();
  }

  @Test
  void defaultReplyIsAnSseTurn() throws Exception {
    HttpResponse<String> r = post("hello", 0);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).contains("text/event-stream");
    assertThat(r.body())
        .contains("event: response.created\ndata: {\"type\":\"response.created\"")
        .contains("\"text\":\"" + MockModelServer.DEFAULT_REPLY + "\"")
        .contains("\"input_tokens\":100")
        .endsWith("\n\n");
    MockModelServer.RecordedRequest rec = mock.requestsWithPromptContaining("hello").get(0);
    assertThat(rec.prompt()).isEqualTo("hello");
    assertThat(rec.body().path("model").asText()).isEqualTo("gpt-5-codex");
    assertThat(rec.completedAt()).isNotNull();
  }

  @Test
  void commandsAreAnsweredByStep() throws Exception {
    String prompt =
        "go\n@mock cmd=echo a\n@mock cmd=echo \"b\"\n@mock reply=end\n@mock tokens=5/6/7";
    assertThat(post(prompt, 0).body())
        .contains("\"name\":\"exec_command\"")
        .contains("\"arguments\":\"{\\\"cmd\\\":\\\"echo a\\\"}\"")
        .contains("\"call_id\":\"call_1\"");
    assertThat(post(prompt, 1).body()).contains("echo \\\\\\\"b\\\\\\\"").contains("call_2");
    assertThat(post(prompt, 2).body())
        .contains("\"text\":\"end\"")
        .contains("\"input_tokens\":5")
        .contains("\"cached_tokens\":7")
        .contains("\"output_tokens\":6");
    assertThat(mock.requestsWithPromptContaining("go"))
        .extracting(r -> r.functionCallOutputs())
        .containsExactly(
            java.util.List.of(), java.util.List.of("out 1"), java.util.List.of("out 1", "out 2"));
  }

  @Test
  void failuresAndHttpErrors() throws Exception {
    assertThat(post("@mock fail=server_error:boom", 0).body())
        .contains("event: response.failed")
        .contains("\"code\":\"server_error\",\"message\":\"boom\"");
    HttpResponse<String> r500 = post("@mock http=500:kaput", 0);
    assertThat(r500.statusCode()).isEqualTo(500);
    assertThat(JSON.readTree(r500.body()).path("error").path("message").asText())
        .isEqualTo("kaput");
    HttpResponse<String> r429 = post("@mock http=429", 0);
    assertThat(r429.statusCode()).isEqualTo(429);
    assertThat(r429.headers().firstValue("retry-after")).contains("0");
  }

  @Test
  void hangHoldsTheAnswerUntilClose() {
    CompletableFuture<HttpResponse<String>> pending =
        http.sendAsync(request("@mock hang", 0), HttpResponse.BodyHandlers.ofString());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> mock.modelRequests().stream().anyMatch(r -> r.isHanging()));
    assertThat(pending).isNotDone();

    mock.close();

    await().atMost(Duration.ofSeconds(10)).until(pending::isDone);
    await().atMost(Duration.ofSeconds(10)).until(() -> mock.modelRequests().get(0).isCompleted());
  }

  @Test
  void sleepsRunInParallel() {
    var a =
        http.sendAsync(request("a\n@mock sleep=700ms", 0), HttpResponse.BodyHandlers.ofString());
    var b = http.sendAsync(request("b\n@mock sleep=0.7s", 0), HttpResponse.BodyHandlers.ofString());
    CompletableFuture.allOf(a, b).join();
    // The client may have its answer a moment before the mock records the request as completed.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                mock.requestsWithPromptContaining("a").get(0).isCompleted()
                    && mock.requestsWithPromptContaining("b").get(0).isCompleted());
    var ra = mock.requestsWithPromptContaining("a").get(0);
    var rb = mock.requestsWithPromptContaining("b").get(0);
    assertThat(Duration.between(ra.arrivedAt(), ra.completedAt()))
        .isGreaterThan(Duration.ofMillis(650));
    assertThat(ra.arrivedAt()).isBefore(rb.completedAt());
    assertThat(rb.arrivedAt()).isBefore(ra.completedAt());
  }

  @Test
  void overTheRateLimitA429NamesTheWaitAndTheBudgetRefills() throws Exception {
    // A slow refill, so that the third request is surely over it on a busy machine.
    MockModelServer.RateLimit limit =
        new MockModelServer.RateLimit(2, 2, MockModelServer.RateLimit.Answer.HTTP_429);
    try (MockModelServer limited = MockModelServer.start(limit)) {
      assertThat(post(limited, "one\n@mock reply=first", 0).body()).contains("first");
      assertThat(post(limited, "two", 0).statusCode()).isEqualTo(200);
      HttpResponse<String> refused = post(limited, "three\n@mock reply=third", 0);

      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("retry-after")).contains("1");
      long waitMs = Long.parseLong(refused.headers().firstValue("retry-after-ms").orElseThrow());
      assertThat(waitMs).isBetween(1L, 500L);
      assertThat(JSON.readTree(refused.body()).path("error").path("message").asText())
          .isEqualTo(
              "Rate limit reached for requests (mock). Please try again in " + waitMs + "ms.");
      assertThat(JSON.readTree(refused.body()).path("error").path("code").asText())
          .isEqualTo("rate_limit_exceeded");
      assertThat(limited.requestsWithPromptContaining("three").get(0).rateLimited()).isTrue();
      assertThat(limited.requestsWithPromptContaining("one").get(0).rateLimited()).isFalse();

      // The budget refills: the same request passes once its wait is over.
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> post(limited, "three\n@mock reply=third", 0).body().contains("third"));
    }
  }

  @Test
  void aStreamAnswerRefusesWithRateLimitExceeded() throws Exception {
    MockModelServer.RateLimit limit =
        new MockModelServer.RateLimit(0.5, 1, MockModelServer.RateLimit.Answer.STREAM);
    try (MockModelServer limited = MockModelServer.start(limit)) {
      assertThat(post(limited, "one", 0).body()).contains("response.completed");
      HttpResponse<String> refused = post(limited, "two", 0);

      assertThat(refused.statusCode()).isEqualTo(200);
      assertThat(refused.body())
          .contains("event: response.failed")
          .contains("\"code\":\"rate_limit_exceeded\"")
          .contains("Please try again in ")
          .doesNotContain("response.completed");
      assertThat(limited.requestsWithPromptContaining("two").get(0).rateLimited()).isTrue();
    }
  }

  @Test
  void withoutALimitNothingIsRateLimited() throws Exception {
    for (int i = 0; i < 10; i++) {
      assertThat(post("burst " + i, 0).statusCode()).isEqualTo(200);
    }
    assertThat(mock.modelRequests()).noneMatch(MockModelServer.RecordedRequest::rateLimited);
  }
}
