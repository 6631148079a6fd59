package dev.valet.webhook.admin.api;

import dev.valet.allocator.admin.InvalidCursorException;
import dev.valet.webhook.admission.Failures;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers a request whose handling failed: 400 for parameters not allowed, else 500. */
final class Failed {
  private static final Logger LOG = LoggerFactory.getLogger(Failed.class);

  private Failed() {}

  static void answer(RoutingContext context, Throwable failure) {
    if (failure instanceof BadQueryException || failure instanceof InvalidCursorException) {
      ApiResponses.error(context, 400, failure.getMessage());
      return;
    }
    String cause = Failures.describe(failure);
    LOG.warn(
        "Admin request {} {} failed: {}",
        context.request().method(),
        context.normalizedPath(),
        cause);
    ApiResponses.error(context, 500, cause);
  }
}
