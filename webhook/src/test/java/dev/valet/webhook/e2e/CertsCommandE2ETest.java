package dev.valet.webhook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.pool.PoolSettings;
import dev.valet.certs.Pem;
import dev.valet.certs.RotationPolicy;
import dev.valet.certs.TlsMaterial;
import dev.valet.webhook.testing.Eventually;
import dev.valet.webhook.testing.RequiresKubeApiServer;
import dev.valet.webhook.testing.TlsClient;
import dev.valet.webhook.tls.ManagedTlsSettings;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code valet certs} against a real API server: on an empty cluster it makes the Secret and the
 * caBundle from which the API server trusts Valet, and it drives a forced CA rotation through which
 * the API server keeps trusting it.
 */
@RequiresKubeApiServer
@Timeout(180)
class CertsCommandE2ETest {
  private static final Duration CA_OVERLAP = Duration.ofSeconds(2);
  private static final PoolSettings POOL =
      PoolSettings.defaults(ValetOnKubernetes.POOL).withKdf(PoolSettings.Kdf.PBKDF2);

  private ManagedTlsCluster cluster;

  @BeforeEach
  void createCluster() throws Exception {
    RotationPolicy defaults = RotationPolicy.defaults();
    RotationPolicy shortOverlap =
        new RotationPolicy(
            defaults.leafLifetime(),
            defaults.leafRenewalFraction(),
            defaults.caLifetime(),
            defaults.caRenewBefore(),
            CA_OVERLAP);
    ManagedTlsSettings base = ManagedTlsSettings.defaults();
    // The serving leader waits an hour between its own passes: these tests drive the phases.
    cluster =
        ManagedTlsCluster.create(
            new ManagedTlsSettings(
                base.secretName(),
                base.serviceName(),
                base.webhookConfiguration(),
                List.of(),
                shortOverlap,
                Duration.ofHours(1)));
  }

  @AfterEach
  void removeCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void onAnEmptyClusterItCreatesTheSecretAndCaBundleAndTheApiServerThenCallsValet()
      throws Exception {
    CertsRun run = cluster.certs();

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("created a CA").contains("caBundle published: 1 webhook(s)");
    Secret secret =
        cluster.client().secrets().inAnyNamespace().list().getItems().stream()
            .filter(s -> s.getMetadata().getName().equals(cluster.tls().secretName()))
            .findFirst()
            .orElseThrow();
    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(cluster.caBundles()).containsOnly(secret.getData().get("ca.crt"));

    cluster.startValet(POOL);
    String namespace = cluster.namespaceInPool(POOL.name());
    Pod created = cluster.createValidator(namespace, "validator-0");

    InjectedKeys.assertServed(cluster.client(), created, "validator");
  }

  @Test
  void aSecondRunFindsNothingDueAndChangesNothing() throws Exception {
    assertThat(cluster.certs().exitCode()).isZero();
    TlsMaterial first = cluster.stored();

    CertsRun again = cluster.certs();

    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("nothing due");
    assertThat(cluster.stored().leaf()).isEqualTo(first.leaf());
  }

  @Test
  void afterAForcedCaRotationTheApiServerStillCallsValet() throws Exception {
    assertThat(cluster.certs().exitCode()).isZero();
    cluster.startValet(POOL);
    String namespace = cluster.namespaceInPool(POOL.name());
    TlsMaterial before = cluster.stored();

    CertsRun phase1 = cluster.certs("--rotate-ca");

    assertThat(phase1.exitCode()).as(phase1.err()).isZero();
    assertThat(phase1.out()).contains("CA rotation phase 1");
    TlsMaterial introduced = cluster.stored();
    assertThat(introduced.caBundle()).hasSize(2);
    assertThat(cluster.caBundles()).containsOnly(base64(introduced.caBundle()));
    InjectedKeys.assertServed(
        cluster.client(), cluster.createValidator(namespace, "during-phase-1"), "validator");

    Thread.sleep(CA_OVERLAP.plusMillis(500).toMillis());
    CertsRun phase2 = cluster.certs();

    assertThat(phase2.exitCode()).as(phase2.err()).isZero();
    assertThat(phase2.out()).contains("CA rotation phase 2");
    TlsMaterial signing = cluster.stored();
    X509Certificate newCa = introduced.nextCa().orElseThrow().certificate();
    assertThat(signing.signingCa().certificate()).isEqualTo(newCa);
    assertThat(signing.signingCa()).isNotEqualTo(before.signingCa());
    Eventually.await(
        "Valet to serve the leaf of the new CA",
        Duration.ofSeconds(10),
        () -> TlsClient.handshakes(cluster.port(), List.of(newCa)));
    InjectedKeys.assertServed(
        cluster.client(), cluster.createValidator(namespace, "after-phase-2"), "validator");
  }

  @Test
  void itExitsWithOneAndSaysSoWhenTheWebhookConfigurationIsMissing() throws Exception {
    cluster
        .client()
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName(cluster.tls().webhookConfiguration())
        .delete();

    CertsRun run = cluster.certs();

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("Stored, but not published:").contains("created a CA");
    assertThat(run.err())
        .contains("MutatingWebhookConfiguration " + cluster.tls().webhookConfiguration())
        .contains("does not exist");
  }

  private static String base64(List<X509Certificate> caBundle) {
    return Base64.getEncoder()
        .encodeToString(Pem.writeCertificates(caBundle).getBytes(StandardCharsets.US_ASCII));
  }
}
