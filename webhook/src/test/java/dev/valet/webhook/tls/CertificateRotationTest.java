package dev.valet.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.valet.certs.InvalidTlsMaterialException;
import dev.valet.certs.Pem;
import dev.valet.certs.Plan.Change;
import dev.valet.certs.TlsMaterial;
import dev.valet.webhook.tls.CertificateRotation.Force;
import dev.valet.webhook.tls.CertificateRotation.Outcome;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One managed-TLS pass against fabric8's CRUD mock of the API: what it writes, and what not. */
class CertificateRotationTest {
  private static final String NAMESPACE = MockApi.NAMESPACE;
  private static final String CONFIGURATION = MockApi.CONFIGURATION;

  private final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final ManagedTlsSettings settings = ManagedTlsSettings.defaults();
  private MockApi api;
  private KubernetesClient client;
  private TlsSecretStore store;
  private CertificateRotation rotation;

  @BeforeEach
  void start() throws Exception {
    api = new MockApi();
    client = api.client();
    store = new TlsSecretStore(client, NAMESPACE, settings.secretName());
    rotation =
        new CertificateRotation(
            store,
            new CaBundlePublisher(client, CONFIGURATION),
            settings.rotator(NAMESPACE),
            clock);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aFirstPassCreatesTheTlsSecretAndPublishesItsCaToEveryWebhook() {
    createConfiguration("pods.valet.dev", "other.valet.dev");

    Outcome outcome = rotation.run(Force.NOTHING);

    assertThat(outcome.changes()).containsExactly(Change.CREATED);
    assertThat(outcome.webhooksPatched()).isEqualTo(2);
    Secret secret = client.secrets().inNamespace(NAMESPACE).withName("valet-webhook-tls").get();
    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(secret.getData())
        .containsKeys("tls.crt", "tls.key", "ca.crt", "ca.key")
        .doesNotContainKey("ca-next.key");
    assertThat(caBundles()).containsOnly(secret.getData().get("ca.crt"));
  }

  @Test
  void aSecondPassWritesNothing() {
    createConfiguration("pods.valet.dev");
    rotation.run(Force.NOTHING);
    String version = secretVersion();

    Outcome again = rotation.run(Force.NOTHING);

    assertThat(again.wroteAnything()).isFalse();
    assertThat(secretVersion()).isEqualTo(version);
  }

  @Test
  void aCaBundleEmptiedByAnApplyIsPublishedAgain() {
    createConfiguration("pods.valet.dev");
    rotation.run(Force.NOTHING);
    api.wipeCaBundles();

    Outcome outcome = rotation.run(Force.NOTHING);

    assertThat(outcome.changes()).isEmpty();
    assertThat(outcome.webhooksPatched()).isEqualTo(1);
    assertThat(caBundles()).containsOnly(secretData("ca.crt"));
  }

  @Test
  void aForcedCaRotationPublishesBothCasAndRecordsWhenThatHappened() {
    createConfiguration("pods.valet.dev");
    TlsMaterial before = rotation.run(Force.NOTHING).material();
    clock.advance(Duration.ofHours(1));

    Outcome outcome = rotation.run(Force.CA);

    assertThat(outcome.changes()).containsExactly(Change.CA_INTRODUCED);
    assertThat(outcome.publicationRecorded()).isTrue();
    TlsMaterial stored = store.read().orElseThrow().material();
    assertThat(stored.caBundle()).hasSize(2).startsWith(before.signingCa().certificate());
    assertThat(stored.signingCa()).isEqualTo(before.signingCa());
    assertThat(stored.nextCaPublishedAt()).contains(clock.instant());
    assertThat(caBundles()).containsOnly(encoded(Pem.writeCertificates(stored.caBundle())));
  }

  @Test
  void theNewCaSignsOnlyAfterItsCaBundleHasBeenPublishedForTheOverlap() {
    createConfiguration("pods.valet.dev");
    rotation.run(Force.NOTHING);
    TlsMaterial introduced = rotation.run(Force.CA).material();

    clock.advance(settings.policy().caOverlap().minusSeconds(1));
    assertThat(rotation.run(Force.NOTHING).changes()).isEmpty();

    clock.advance(Duration.ofSeconds(1));
    Outcome signing = rotation.run(Force.NOTHING);

    assertThat(signing.changes()).containsExactly(Change.CA_SIGNING, Change.LEAF_ISSUED);
    assertThat(signing.material().signingCa()).isEqualTo(introduced.nextCa().orElseThrow());
    assertThat(signing.material().caBundle()).hasSize(2);
  }

  @Test
  void aSecretWrittenByAnotherWriterSinceItWasReadIsNotOverwritten() {
    createConfiguration("pods.valet.dev");
    rotation.run(Force.NOTHING);
    StoredTls read = store.read().orElseThrow();
    TlsMaterial renewed = rotation.run(Force.LEAF).material();

    assertThatThrownBy(() -> store.replace(read.material(), read.resourceVersion()))
        .isInstanceOf(TlsConflictException.class);
    assertThat(store.read().orElseThrow().material().leaf()).isEqualTo(renewed.leaf());
  }

  @Test
  void aSecretValetCannotUseIsLeftAloneAndThePassFails() {
    createConfiguration("pods.valet.dev");
    Secret foreign =
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace(NAMESPACE)
            .withName("valet-webhook-tls")
            .endMetadata()
            .withType("kubernetes.io/tls")
            .withData(Map.of("tls.crt", encoded("not a certificate"), "tls.key", encoded("")))
            .build();
    client.secrets().inNamespace(NAMESPACE).resource(foreign).create();

    assertThatThrownBy(() -> rotation.run(Force.NOTHING))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessageContaining("Secret valet-system/valet-webhook-tls")
        .hasMessageContaining("ca.crt");
    assertThat(secretData("tls.crt")).isEqualTo(encoded("not a certificate"));
    assertThat(caBundles()).containsOnly((String) null);
  }

  @Test
  void aMissingWebhookConfigurationFailsThePassAfterTheSecretIsStoredAndSaysWhatWasStored() {
    assertThatThrownBy(() -> rotation.run(Force.NOTHING))
        .isInstanceOfSatisfying(
            IncompleteRotationException.class,
            e -> assertThat(e.stored().changes()).containsExactly(Change.CREATED))
        .hasMessageContaining("MutatingWebhookConfiguration valet does not exist");
    assertThat(store.read()).isPresent();
    assertThatThrownBy(() -> rotation.run(Force.NOTHING))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not exist");

    createConfiguration("pods.valet.dev");
    Outcome outcome = rotation.run(Force.NOTHING);
    assertThat(outcome.changes()).isEmpty();
    assertThat(outcome.webhooksPatched()).isEqualTo(1);
  }

  private void createConfiguration(String... webhookNames) {
    api.createConfiguration(webhookNames);
  }

  private List<String> caBundles() {
    return api.caBundles();
  }

  private String secretData(String key) {
    return client
        .secrets()
        .inNamespace(NAMESPACE)
        .withName("valet-webhook-tls")
        .get()
        .getData()
        .get(key);
  }

  private String secretVersion() {
    return client
        .secrets()
        .inNamespace(NAMESPACE)
        .withName("valet-webhook-tls")
        .get()
        .getMetadata()
        .getResourceVersion();
  }

  private static String encoded(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }
}
