package dev.valet.webhook.testing;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A second admission step that rejects every pod labelled {@value #LABEL}: a validating webhook on
 * 127.0.0.1, called by the API server after Valet's mutating webhook. A pod it rejects was admitted
 * by Valet (a lease and a Secret exist) but is never stored.
 */
public final class RejectingWebhook implements AutoCloseable {
  public static final String LABEL = "e2e.valet.dev/rejected";
  public static final String MESSAGE = "rejected by the test's second admission step";

  private final KubernetesClient client;
  private final String name;
  private final Vertx vertx;
  private final Path directory;

  private RejectingWebhook(KubernetesClient client, String name, Vertx vertx, Path directory) {
    this.client = client;
    this.name = name;
    this.vertx = vertx;
    this.directory = directory;
  }

  /**
   * Serves the webhook and registers it as {@code name} for the namespaces that carry {@code
   * runLabels}.
   */
  public static RejectingWebhook start(
      KubernetesClient client, String name, Map<String, String> runLabels) throws Exception {
    Path directory = Files.createTempDirectory("valet-e2e-rejecting-");
    Vertx vertx = Vertx.vertx();
    RejectingWebhook webhook = new RejectingWebhook(client, name, vertx, directory);
    try {
      TestTls tls = TestTls.forLoopback(directory);
      HttpServer server =
          vertx
              .createHttpServer(
                  new HttpServerOptions()
                      .setHost("127.0.0.1")
                      .setPort(0)
                      .setSsl(true)
                      .setKeyCertOptions(
                          new PemKeyCertOptions()
                              .setCertPath(tls.certFile().toString())
                              .setKeyPath(tls.keyFile().toString())))
              .requestHandler(RejectingWebhook::reject)
              .listen()
              .await(30, TimeUnit.SECONDS);
      client
          .admissionRegistration()
          .v1()
          .validatingWebhookConfigurations()
          .resource(configuration(name, server.actualPort(), tls.caPem(), runLabels))
          .create();
      return webhook;
    } catch (Exception | Error e) {
      webhook.close();
      throw e;
    }
  }

  /** Waits until the API server calls this webhook for pods of {@code namespace}. */
  public void awaitInEffect(String namespace, Duration timeout) {
    Eventually.await(
        "the rejecting webhook to answer for namespace " + namespace,
        timeout,
        () -> {
          try {
            client
                .pods()
                .inNamespace(namespace)
                .resource(
                    new PodBuilder()
                        .withNewMetadata()
                        .withName("rejection-probe")
                        .addToLabels(LABEL, "true")
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("probe")
                        .withImage("probe:1")
                        .endContainer()
                        .endSpec()
                        .build())
                .dryRun()
                .create();
            return false;
          } catch (KubernetesClientException e) {
            return String.valueOf(e.getMessage()).contains(MESSAGE);
          }
        });
  }

  private static void reject(HttpServerRequest request) {
    request
        .body()
        .onSuccess(
            body -> {
              String uid = body.toJsonObject().getJsonObject("request").getString("uid");
              JsonObject response =
                  new JsonObject()
                      .put("uid", uid)
                      .put("allowed", false)
                      .put("status", new JsonObject().put("code", 403).put("message", MESSAGE));
              request
                  .response()
                  .putHeader("Content-Type", "application/json")
                  .end(
                      new JsonObject()
                          .put("apiVersion", "admission.k8s.io/v1")
                          .put("kind", "AdmissionReview")
                          .put("response", response)
                          .encode());
            });
  }

  private static ValidatingWebhookConfiguration configuration(
      String name, int port, String caPem, Map<String, String> runLabels) {
    return new ValidatingWebhookConfigurationBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .addNewWebhook()
        .withName("rejects.e2e.valet.dev")
        .withNewClientConfig()
        .withUrl("https://127.0.0.1:" + port + "/validate")
        .withCaBundle(Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)))
        .endClientConfig()
        .addNewRule()
        .withOperations("CREATE")
        .withApiGroups("")
        .withApiVersions("v1")
        .withResources("pods")
        .withScope("Namespaced")
        .endRule()
        .withNewNamespaceSelector()
        .withMatchLabels(runLabels)
        .endNamespaceSelector()
        .withNewObjectSelector()
        .withMatchLabels(Map.of(LABEL, "true"))
        .endObjectSelector()
        .withFailurePolicy("Fail")
        .withSideEffects("None")
        .withAdmissionReviewVersions("v1")
        .withTimeoutSeconds(5)
        .endWebhook()
        .build();
  }

  @Override
  public void close() throws IOException {
    try {
      client.admissionRegistration().v1().validatingWebhookConfigurations().withName(name).delete();
    } finally {
      vertx.close();
      try (Stream<Path> paths = Files.walk(directory)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }
}
