package dev.valet.webhook.server;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Plain JSON error answers. */
final class Responses {
  private Responses() {}

  static void error(RoutingContext context, int status, String message) {
    if (context.response().ended()) {
      return;
    }
    context
        .response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", message).toBuffer());
  }
}
