package dev.valet.webhook.admin.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The JSON answers of the admin API: a document, or {@code {"error": "..."}} with a status. */
public final class ApiResponses {
  private ApiResponses() {}

  public static void json(RoutingContext context, int status, JsonObject body) {
    if (context.response().ended()) {
      return;
    }
    context
        .response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(body.toBuffer());
  }

  public static void ok(RoutingContext context, JsonObject body) {
    json(context, 200, body);
  }

  public static void error(RoutingContext context, int status, String message) {
    json(context, status, new JsonObject().put("error", message));
  }
}
