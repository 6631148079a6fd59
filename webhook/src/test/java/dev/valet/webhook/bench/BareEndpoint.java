package dev.valet.webhook.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;

/**
 * The network floor: a bare Vert.x TLS endpoint set up as Valet's webhook server is (one server,
 * same TLS material, a body handler on {@code POST /mutate}), answering every request with one
 * fixed allowed AdmissionReview that carries a patch of the size Valet sends. Run as its own
 * process; it writes its port to a file and serves until killed.
 *
 * <p>Arguments: the serving certificate file and its key file (PEM), the file for the port.
 */
public final class BareEndpoint {
  private BareEndpoint() {}

  public static void main(String[] args) throws IOException {
    Vertx vertx = Vertx.vertx();
    String answer = fixedAnswer().encode();
    Router router = Router.router(vertx);
    router
        .post("/mutate")
        .handler(BodyHandler.create(false))
        .handler(
            context ->
                context.response().putHeader("Content-Type", "application/json").end(answer));
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost("127.0.0.1")
            .setPort(0)
            .setSsl(true)
            .setKeyCertOptions(new PemKeyCertOptions().setCertPath(args[0]).setKeyPath(args[1]))
            .setCompressionSupported(false);
    HttpServer server = vertx.createHttpServer(options).requestHandler(router).listen().await();
    Path portFile = Path.of(args[2]);
    Path written = portFile.resolveSibling(portFile.getFileName() + ".tmp");
    Files.writeString(written, Integer.toString(server.actualPort()));
    Files.move(written, portFile, StandardCopyOption.ATOMIC_MOVE);
  }

  static JsonObject fixedAnswer() {
    JsonArray patch =
        new JsonArray()
            .add(op("/metadata/labels/valet.dev~1lease", "00000000-0000-0000-0000-000000000000"))
            .add(op("/metadata/annotations/valet.dev~1pubkey", "0x" + "a".repeat(96)))
            .add(op("/metadata/annotations/valet.dev~1pubkeys", "0x" + "a".repeat(96)))
            .add(
                new JsonObject()
                    .put("op", "add")
                    .put("path", "/spec/volumes/-")
                    .put(
                        "value",
                        new JsonObject()
                            .put("name", "valet-keys")
                            .put(
                                "secret",
                                new JsonObject()
                                    .put("secretName", "valet-00000000-0000-0000-0000-000000000000")
                                    .put("defaultMode", 256))))
            .add(
                new JsonObject()
                    .put("op", "add")
                    .put("path", "/spec/containers/0/volumeMounts")
                    .put(
                        "value",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("name", "valet-keys")
                                    .put("mountPath", "/var/run/valet")
                                    .put("readOnly", true))));
    String encoded =
        Base64.getEncoder().encodeToString(patch.encode().getBytes(StandardCharsets.UTF_8));
    return new JsonObject()
        .put("apiVersion", "admission.k8s.io/v1")
        .put("kind", "AdmissionReview")
        .put(
            "response",
            new JsonObject()
                .put("uid", "00000000-0000-0000-0000-000000000000")
                .put("allowed", true)
                .put("patchType", "JSONPatch")
                .put("patch", encoded));
  }

  private static JsonObject op(String path, String value) {
    return new JsonObject().put("op", "add").put("path", path).put("value", value);
  }
}
