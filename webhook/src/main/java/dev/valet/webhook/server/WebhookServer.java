package dev.valet.webhook.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.BooleanSupplier;

/** The HTTPS server of the admission webhook: {@code POST /mutate} and {@code GET /healthz}. */
public final class WebhookServer {
  /** Bodies above this are refused before they are read whole. */
  public static final long BODY_LIMIT = 3L * 1024 * 1024;

  private WebhookServer() {}

  /**
   * Starts the server.
   *
   * @param tls the serving certificate chain and key
   * @param ready answers whether {@code /readyz} reports ready
   */
  public static Future<HttpServer> start(
      Vertx vertx,
      String host,
      int port,
      PemKeyCertOptions tls,
      MutatePodHandler mutate,
      BooleanSupplier ready) {
    Router router = Router.router(vertx);
    router.get("/healthz").handler(context -> context.response().end("ok"));
    router
        .get("/readyz")
        .handler(
            context -> {
              if (ready.getAsBoolean()) {
                context.response().end("ready");
              } else {
                context.response().setStatusCode(503).end("not ready");
              }
            });
    router
        .post("/mutate")
        .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
        .handler(mutate)
        .failureHandler(
            context -> {
              int status = context.statusCode() > 0 ? context.statusCode() : 500;
              String message =
                  status == 413
                      ? "the body is larger than " + (BODY_LIMIT / 1024 / 1024) + " MiB"
                      : "the request could not be read";
              Responses.error(context, status, message);
            });
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            .setSsl(true)
            .setKeyCertOptions(tls)
            .setCompressionSupported(false);
    return vertx.createHttpServer(options).requestHandler(router).listen();
  }
}
