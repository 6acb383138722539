package dev.codexpar.mcp;

import dev.codexpar.plan.PlanException;
import dev.codexpar.usecase.Refusal;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.RequestId;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.jboss.logging.Logger;

/** What every tool does around its body: a reply, or what it threw as an error result. */
final class ToolCalls {
  private static final Logger LOG = Logger.getLogger(ToolCalls.class);

  private ToolCalls() {}

  /** A tool's success: structured content and its text. */
  record Reply(Object structured, String text) {}

  /** The body of a tool; may throw a {@link Refusal} or {@link PlanException}. */
  interface Body {
    Reply call() throws Exception;
  }

  /**
   * The body's reply, or what it threw as an error result; a call whose arguments {@link
   * ArgumentCheck} refused is answered with that refusal and its body never runs.
   */
  static ToolResponse respond(McpConnection connection, RequestId request, Body body) {
    return ArgumentCheck.take(connection.id(), request.asString())
        .map(refusal -> Replies.failure(Failures.ofAny(refusal)))
        .orElseGet(() -> respond(body));
  }

  static ToolResponse respond(Body body) {
    try {
      Reply reply = body.call();
      return Replies.success(reply.structured(), reply.text());
    } catch (Exception e) {
      return failure(e);
    }
  }

  /** The body of a tool that answers later (it waits without holding a thread). */
  interface LaterBody {
    Uni<Reply> call() throws Exception;
  }

  /**
   * As {@link #respond(McpConnection, RequestId, Body)} for a tool returning {@code Uni}: such a
   * tool is called on the event loop, so the body runs on a worker thread (it may read files) and
   * its reply may come later without holding one.
   */
  static Uni<ToolResponse> respondLater(
      McpConnection connection, RequestId request, LaterBody body) {
    return ArgumentCheck.take(connection.id(), request.asString())
        .map(refusal -> Uni.createFrom().item(Replies.failure(Failures.ofAny(refusal))))
        .orElseGet(
            () ->
                Uni.createFrom()
                    .deferred(
                        () -> {
                          try {
                            return body.call();
                          } catch (Exception e) {
                            return Uni.createFrom().failure(e);
                          }
                        })
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .map(reply -> Replies.success(reply.structured(), reply.text()))
                    .onFailure()
                    .recoverWithItem(
                        e -> failure(e instanceof Exception x ? x : new RuntimeException(e))));
  }

  private static ToolResponse failure(Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    } else if (!(e instanceof Refusal || e instanceof PlanException)) {
      LOG.error("tool call failed", e);
    }
    return Replies.failure(Failures.ofAny(e));
  }
}
