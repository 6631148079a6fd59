package dev.valet.webhook.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Posts AdmissionReviews to a webhook over TLS, trusting only the given CA. */
public final class AdmissionClient {
  private final HttpClient http;
  private final URI mutate;

  public AdmissionClient(int port, Path caFile) throws Exception {
    this.http =
        HttpClient.newBuilder()
            .sslContext(trusting(caFile))
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.mutate = URI.create("https://127.0.0.1:" + port + "/mutate");
  }

  /** Sends raw bytes; returns status and body. */
  public HttpResponse<String> post(byte[] body) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(mutate)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Sends a review and returns its response section, failing on anything but HTTP 200. */
  public JsonObject review(JsonObject review) throws IOException, InterruptedException {
    HttpResponse<String> response = post(review.toBuffer().getBytes());
    if (response.statusCode() != 200) {
      throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
    }
    return new JsonObject(response.body()).getJsonObject("response");
  }

  /** The decoded JSON Patch of a response. */
  public static JsonArray patch(JsonObject response) {
    return new JsonArray(new String(Base64.getDecoder().decode(response.getString("patch"))));
  }

  /** An AdmissionReview for the CREATE of {@code pod} in {@code namespace}. */
  public static JsonObject podCreate(String namespace, JsonObject pod) {
    return podCreate(UUID.randomUUID().toString(), namespace, pod, false);
  }

  public static JsonObject podCreate(String uid, String namespace, JsonObject pod, boolean dryRun) {
    JsonObject kind = new JsonObject().put("group", "").put("version", "v1").put("kind", "Pod");
    JsonObject resource =
        new JsonObject().put("group", "").put("version", "v1").put("resource", "pods");
    JsonObject request =
        new JsonObject()
            .put("uid", uid)
            .put("kind", kind)
            .put("resource", resource)
            .put("namespace", namespace)
            .put("operation", "CREATE")
            .put("dryRun", dryRun)
            .put("object", pod);
    return new JsonObject()
        .put("apiVersion", "admission.k8s.io/v1")
        .put("kind", "AdmissionReview")
        .put("request", request);
  }

  /** A validator pod with one container named {@code validator}. */
  public static JsonObject validatorPod(String name) {
    JsonObject labels = new JsonObject().put("valet.dev/validator", "true");
    JsonObject metadata = new JsonObject().put("labels", labels);
    if (name.endsWith("-")) {
      metadata.put("generateName", name);
    } else {
      metadata.put("name", name);
    }
    JsonObject container = new JsonObject().put("name", "validator").put("image", "validator:1");
    return new JsonObject()
        .put("apiVersion", "v1")
        .put("kind", "Pod")
        .put("metadata", metadata)
        .put("spec", new JsonObject().put("containers", new JsonArray().add(container)));
  }

  private static SSLContext trusting(Path caFile) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caFile)) {
      X509Certificate ca =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      trust.setCertificateEntry("ca", ca);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
