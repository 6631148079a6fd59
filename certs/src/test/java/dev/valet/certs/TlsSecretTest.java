package dev.valet.certs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TlsSecretTest {

  private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final SubjectAlternativeNames NAMES =
      SubjectAlternativeNames.forService("valet-webhook", "valet", List.of());

  private final CertificateAuthority ca = CertificateAuthority.generate("valet-webhook-ca", CLOCK);
  private final TlsMaterial fresh = TlsMaterial.initial(ca, ca.issueServing(NAMES, CLOCK));

  @Test
  void freshMaterialRoundTripsThroughTheFourStandardKeys() {
    Map<String, byte[]> data = TlsSecret.toData(fresh);

    assertThat(data).containsOnlyKeys("tls.crt", "tls.key", "ca.crt", "ca.key");
    assertThat(TlsSecret.fromData(data)).isEqualTo(fresh);
  }

  @Test
  void materialInTheMiddleOfACaRotationRoundTrips() {
    TlsMaterial rotating = midRotation();

    Map<String, byte[]> data = TlsSecret.toData(rotating);

    assertThat(data)
        .containsOnlyKeys(
            "tls.crt",
            "tls.key",
            "ca.crt",
            "ca.key",
            "ca-next.key",
            "ca-next.published-at",
            "tls-superseded.crt");
    assertThat(new String(data.get("ca-next.published-at"), UTF_8))
        .isEqualTo("2030-01-16T10:00:00Z");
    assertThat(TlsSecret.fromData(data)).isEqualTo(rotating);
  }

  @Test
  void valuesArePemThatOtherToolsRead() {
    Map<String, byte[]> data = TlsSecret.toData(midRotation());

    assertThat(text(data, "tls.crt")).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(text(data, "tls.key")).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Pem.readCertificates(text(data, "ca.crt"), "ca.crt")).hasSize(2);
    assertThat(text(data, "ca.key")).startsWith("-----BEGIN PRIVATE KEY-----");
  }

  @Test
  void servingKeyInSec1FormIsAccepted() {
    Map<String, byte[]> data = new HashMap<>(TlsSecret.toData(fresh));
    data.put("tls.key", TestPem.sec1(fresh.serving().privateKey()).getBytes(UTF_8));

    assertThat(TlsSecret.fromData(data).leaf()).isEqualTo(fresh.leaf());
  }

  @Test
  void missingKeyIsNamed() {
    Map<String, byte[]> data = new HashMap<>(TlsSecret.toData(fresh));
    data.remove("ca.key");

    assertThatThrownBy(() -> TlsSecret.fromData(data))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessage("the Secret has no ca.key");
  }

  @Test
  void caKeyOfAnotherCaIsRefused() {
    Map<String, byte[]> data = new HashMap<>(TlsSecret.toData(fresh));
    var other = CertificateAuthority.generate("valet-webhook-ca", CLOCK);
    data.put("ca.key", Pem.writePrivateKey(other.privateKey()).getBytes(UTF_8));

    assertThatThrownBy(() -> TlsSecret.fromData(data))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessage("ca.key belongs to no certificate in ca.crt");
  }

  @Test
  void servingKeyOfAnotherCertificateIsRefused() {
    Map<String, byte[]> data = new HashMap<>(TlsSecret.toData(fresh));
    var otherKey = ca.issueServing(NAMES, CLOCK).privateKey();
    data.put("tls.key", Pem.writePrivateKey(otherKey).getBytes(UTF_8));

    assertThatThrownBy(() -> TlsSecret.fromData(data))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessageStartingWith("tls.key: private key does not match certificate CN=valet-webhook");
  }

  @Test
  void garbageCertificateIsNamed() {
    Map<String, byte[]> data = new HashMap<>(TlsSecret.toData(fresh));
    data.put("tls.crt", "garbage".getBytes(UTF_8));

    assertThatThrownBy(() -> TlsSecret.fromData(data))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessage("no certificate found in tls.crt");
  }

  @Test
  void publicationTimeThatIsNotAnInstantIsNamed() {
    Map<String, byte[]> data = new HashMap<>(TlsSecret.toData(midRotation()));
    data.put("ca-next.published-at", "yesterday".getBytes(UTF_8));

    assertThatThrownBy(() -> TlsSecret.fromData(data))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessage("ca-next.published-at is not an ISO-8601 instant: 'yesterday'");
  }

  @Test
  void publicationTimeWithoutANextCaIsRefused() {
    Map<String, byte[]> data = new HashMap<>(TlsSecret.toData(fresh));
    data.put("ca-next.published-at", NOW.toString().getBytes(UTF_8));

    assertThatThrownBy(() -> TlsSecret.fromData(data))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessage("ca-next.published-at is set but there is no ca-next.key");
  }

  @Test
  void errorsNeverQuoteKeyMaterial() {
    Map<String, byte[]> data = new HashMap<>(TlsSecret.toData(fresh));
    data.put("ca.key", data.get("tls.key"));
    String servingKey = text(data, "tls.key");

    assertThatThrownBy(() -> TlsSecret.fromData(data))
        .satisfies(e -> assertThat(servingKey).doesNotContain(e.getMessage()))
        .satisfies(
            e ->
                servingKey
                    .lines()
                    .filter(line -> !line.startsWith("-----"))
                    .forEach(line -> assertThat(e.getMessage()).doesNotContain(line)));
  }

  /** A second CA in the caBundle, published a day later, and a replaced leaf not yet expired. */
  private TlsMaterial midRotation() {
    Clock later = Clock.fixed(NOW.plus(Duration.ofDays(1)), ZoneOffset.UTC);
    var next = CertificateAuthority.generate("valet-webhook-ca", later);
    ServingCertificate renewed = ca.issueServing(NAMES, later);
    return fresh
        .withNextCa(next)
        .recordBundlePublished(NOW.plus(Duration.ofDays(1)))
        .withServing(renewed, List.of(fresh.leaf()));
  }

  private static String text(Map<String, byte[]> data, String key) {
    return new String(data.get(key), UTF_8);
  }
}
