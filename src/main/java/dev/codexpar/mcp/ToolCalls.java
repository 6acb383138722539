package dev.codexpar.mcp;

import dev.codexpar.plan.PlanException;
import dev.codexpar.usecase.Refusal;
import io.quarkiverse.mcp.server.ToolResponse;
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

  static ToolResponse respond(Body body) {
    try {
      Reply reply = body.call();
      return Replies.success(reply.structured(), reply.text());
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      } else if (!(e instanceof Refusal || e instanceof PlanException)) {
        LOG.error("tool call failed", e);
      }
      return Replies.failure(Failures.ofAny(e));
    }
  }
}
