package dev.valet.webhook.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubernetesSecretWriterTest {
  private KubernetesMockServer server;
  private Vertx vertx;
  private KubernetesClient client;
  private WorkerExecutor workers;
  private KubernetesSecretWriter writer;

  @BeforeEach
  void start() throws Exception {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            true);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    vertx = Vertx.vertx();
    client = server.createClient(new Vertx5HttpClientFactory(vertx));
    workers = vertx.createSharedWorkerExecutor("test-kubernetes", 2);
    writer = new KubernetesSecretWriter(client, workers);
  }

  @AfterEach
  void stop() {
    workers.close();
    client.close();
    vertx.close().await();
    server.destroy();
  }

  @Test
  void writesAnImmutableOpaqueSecretWithTheLeaseLabels() throws Exception {
    writer.write(secret("lease-1")).await(10, TimeUnit.SECONDS);

    Secret stored = client.secrets().inNamespace("ns").withName("valet-lease-1").get();
    assertThat(stored.getType()).isEqualTo("Opaque");
    assertThat(stored.getImmutable()).isTrue();
    assertThat(stored.getMetadata().getLabels()).containsEntry("valet.dev/lease", "lease-1");
    assertThat(
            new String(
                Base64.getDecoder().decode(stored.getData().get("password.txt")),
                StandardCharsets.UTF_8))
        .isEqualTo("pw");
  }

  @Test
  void writingTheSameLeasesSecretAgainSucceeds() throws Exception {
    writer.write(secret("lease-1")).await(10, TimeUnit.SECONDS);

    writer.write(secret("lease-1")).await(10, TimeUnit.SECONDS);

    assertThat(client.secrets().inNamespace("ns").list().getItems()).hasSize(1);
  }

  @Test
  void aSecretOfThatNameFromAnotherLeaseIsAnError() {
    client
        .secrets()
        .inNamespace("ns")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("valet-lease-1")
                .withLabels(Map.of("valet.dev/lease", "other"))
                .endMetadata()
                .build())
        .create();

    assertThatThrownBy(() -> writer.write(secret("lease-1")).await(10, TimeUnit.SECONDS))
        .hasMessageContaining("does not belong to lease lease-1");
  }

  @Test
  void aSecretOfThisLeaseThatHoldsOtherKeysIsAnErrorAndStaysAsItWas() {
    client
        .secrets()
        .inNamespace("ns")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("valet-lease-1")
                .withLabels(Map.of("valet.dev/lease", "lease-1"))
                .endMetadata()
                .addToData("pubkeys", base64("0xold\n"))
                .build())
        .create();

    assertThatThrownBy(() -> writer.write(secret("lease-1", "0xnew\n")).await(10, TimeUnit.SECONDS))
        .hasMessageContaining("holds other keys than lease lease-1");
    assertThat(client.secrets().inNamespace("ns").withName("valet-lease-1").get().getData())
        .containsEntry("pubkeys", base64("0xold\n"));
  }

  @Test
  void writingTheSameLeasesSecretWithTheSameKeysAgainSucceeds() throws Exception {
    writer.write(secret("lease-1", "0xsame\n")).await(10, TimeUnit.SECONDS);

    writer.write(secret("lease-1", "0xsame\n")).await(10, TimeUnit.SECONDS);

    assertThat(client.secrets().inNamespace("ns").list().getItems()).hasSize(1);
  }

  @Test
  void deleteRemovesTheSecretAndToleratesOneThatIsGone() throws Exception {
    writer.write(secret("lease-1")).await(10, TimeUnit.SECONDS);

    writer.delete("ns", "valet-lease-1").await(10, TimeUnit.SECONDS);
    writer.delete("ns", "valet-lease-1").await(10, TimeUnit.SECONDS);

    assertThat(client.secrets().inNamespace("ns").withName("valet-lease-1").get()).isNull();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static LeaseSecret secret(String lease, String pubkeys) {
    return new LeaseSecret(
        "ns",
        "valet-" + lease,
        Map.of("valet.dev/lease", lease, "valet.dev/pool", "devnet"),
        Map.of(
            "password.txt",
            "pw".getBytes(StandardCharsets.UTF_8),
            "pubkeys",
            pubkeys.getBytes(StandardCharsets.UTF_8)));
  }

  private static LeaseSecret secret(String lease) {
    return new LeaseSecret(
        "ns",
        "valet-" + lease,
        Map.of("valet.dev/lease", lease, "valet.dev/pool", "devnet"),
        Map.of("password.txt", "pw".getBytes(StandardCharsets.UTF_8)));
  }
}
