package dev.valet.webhook.server;

import dev.valet.certs.Pem;
import dev.valet.certs.ServingCertificate;
import dev.valet.webhook.tls.CertificateConsumer;
import dev.valet.webhook.tls.PlaceholderCertificate;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS server of the admission webhook: {@code POST /mutate}, {@code GET /healthz} and {@code
 * GET /readyz}.
 *
 * <p>Its certificate is replaced while it runs ({@link #serve}): new connections get the new one,
 * connections already open keep theirs and are not dropped. Until a real certificate is served it
 * listens with a {@link PlaceholderCertificate} that nobody trusts, and {@code /readyz} says so.
 */
public final class WebhookServer implements CertificateConsumer {
  /** Bodies above this are refused before they are read whole. */
  public static final long BODY_LIMIT = 3L * 1024 * 1024;

  /** The port in a cluster, unless {@code webhook.port} or {@code --port} says otherwise. */
  public static final int DEFAULT_PORT = 8443;

  /** Where the API server sends AdmissionReviews. */
  public static final String MUTATE_PATH = "/mutate";

  /** 200 while the process runs. */
  public static final String HEALTH_PATH = "/healthz";

  /** 200 once a certificate is served and the namespace cache has synced, else 503. */
  public static final String READY_PATH = "/readyz";

  private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);

  private final HttpServer server;
  private final ServerSSLOptions sslOptions;
  private final AtomicReference<ServingCertificate> served;
  private Future<Void> lastUpdate = Future.succeededFuture();

  private WebhookServer(
      HttpServer server, ServerSSLOptions sslOptions, Optional<ServingCertificate> served) {
    this.server = server;
    this.sslOptions = sslOptions;
    this.served = new AtomicReference<>(served.orElse(null));
  }

  /**
   * Starts the server.
   *
   * @param certificate the serving certificate; empty to listen with a placeholder until {@link
   *     #serve} is called
   * @param ready answers whether the rest of Valet is ready (the namespace cache has synced)
   */
  public static Future<WebhookServer> start(
      Vertx vertx,
      String host,
      int port,
      Optional<ServingCertificate> certificate,
      MutatePodHandler mutate,
      BooleanSupplier ready) {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            .setSsl(true)
            .setKeyCertOptions(
                keyCertOptions(certificate.orElseGet(PlaceholderCertificate::create)))
            .setCompressionSupported(false);
    certificate.ifPresentOrElse(
        served -> LOG.info("Serving certificate {}", served),
        () -> LOG.info("Listening with a placeholder certificate until the real one is found"));
    HttpServer server = vertx.createHttpServer(options);
    WebhookServer webhook = new WebhookServer(server, options.getSslOptions().copy(), certificate);
    return server.requestHandler(webhook.router(vertx, mutate, ready)).listen().map(webhook);
  }

  @Override
  public synchronized Future<Void> serve(ServingCertificate certificate) {
    // Updates run one after the other, so the last certificate handed in is the one served.
    lastUpdate =
        lastUpdate
            .recover(previousFailure -> Future.succeededFuture())
            .compose(
                ignored -> {
                  if (certificate.equals(served.get())) {
                    return Future.succeededFuture();
                  }
                  ServerSSLOptions options =
                      sslOptions.copy().setKeyCertOptions(keyCertOptions(certificate));
                  return server
                      .updateSSLOptions(options, true)
                      .<Void>map(
                          updated -> {
                            served.set(certificate);
                            LOG.info("Serving certificate {}", certificate);
                            return null;
                          });
                });
    return lastUpdate;
  }

  /** Whether a real certificate (not the placeholder) is being served. */
  public boolean certificateLoaded() {
    return served.get() != null;
  }

  /** The certificate served to new connections; empty while the placeholder is. */
  public Optional<ServingCertificate> servedCertificate() {
    return Optional.ofNullable(served.get());
  }

  /** The port it listens on, useful when it was asked for port 0. */
  public int actualPort() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close();
  }

  private Router router(Vertx vertx, MutatePodHandler mutate, BooleanSupplier ready) {
    Router router = Router.router(vertx);
    router.get(HEALTH_PATH).handler(context -> context.response().end("ok"));
    router.get(READY_PATH).handler(context -> readiness(context, ready));
    router
        .post(MUTATE_PATH)
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
    return router;
  }

  private void readiness(RoutingContext context, BooleanSupplier ready) {
    if (!certificateLoaded()) {
      context.response().setStatusCode(503).end("not ready: no serving certificate loaded yet");
    } else if (!ready.getAsBoolean()) {
      context.response().setStatusCode(503).end("not ready: the namespace cache has not synced");
    } else {
      context.response().end("ready");
    }
  }

  /** The certificate as PEM values in memory; the key never touches a file or a log here. */
  private static PemKeyCertOptions keyCertOptions(ServingCertificate certificate) {
    return new PemKeyCertOptions()
        .setCertValue(Buffer.buffer(Pem.writeCertificates(certificate.chain())))
        .setKeyValue(Buffer.buffer(Pem.writePrivateKey(certificate.privateKey())));
  }
}
