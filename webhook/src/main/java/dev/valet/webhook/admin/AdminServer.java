package dev.valet.webhook.admin;

import dev.valet.webhook.admin.api.AdminApi;
import dev.valet.webhook.admin.api.ApiResponses;
import dev.valet.webhook.admin.auth.BearerTokens;
import dev.valet.webhook.admin.auth.Permission;
import dev.valet.webhook.metrics.ValetMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import java.util.Optional;

/**
 * The admin endpoint's HTTP server, apart from the webhook's: {@code /healthz} and {@code /readyz}
 * for anyone, the page's static files, and behind a bearer token {@code /metrics} and the JSON API
 * under {@code /api/v1/}.
 */
final class AdminServer {
  private AdminServer() {}

  static Router router(
      Vertx vertx,
      AdminReadiness readiness,
      BearerTokens tokens,
      AdminApi api,
      ValetMetrics metrics) {
    Router router = Router.router(vertx);
    router.route().handler(SecurityHeaders::add);
    router
        .get("/healthz")
        .handler(context -> ApiResponses.ok(context, new JsonObject().put("alive", true)));
    router
        .get("/readyz")
        .handler(
            context ->
                readiness
                    .check()
                    .onSuccess(
                        state ->
                            ApiResponses.json(
                                context, state.getBoolean("ready") ? 200 : 503, state)));
    PageRoutes.mount(router);
    router
        .get("/metrics")
        .handler(tokens.requiring(Permission.GET_METRICS))
        .handler(
            context ->
                context
                    .response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(metrics.scrape()));
    api.mount(router, tokens);
    router.route().last().handler(context -> ApiResponses.error(context, 404, "no such route"));
    router
        .route()
        .failureHandler(
            context -> {
              int status = context.statusCode() > 0 ? context.statusCode() : 500;
              ApiResponses.error(
                  context,
                  status,
                  status == 413 ? "the body is too large" : "the request could not be handled");
            });
    return router;
  }

  static Future<HttpServer> listen(
      Vertx vertx, String host, int port, Optional<PemKeyCertOptions> tls, Router router) {
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port);
    tls.ifPresent(certificate -> options.setSsl(true).setKeyCertOptions(certificate));
    return vertx.createHttpServer(options).requestHandler(router).listen();
  }
}
