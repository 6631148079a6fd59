package dev.valet.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServingCertificateTest {

  private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final SubjectAlternativeNames NAMES =
      SubjectAlternativeNames.forService(
          "valet-webhook", "valet", List.of("valet-webhook.valet.svc.cluster.local", "10.96.0.12"));

  private final CertificateAuthority ca = CertificateAuthority.generate("valet-webhook-ca", CLOCK);
  private final ServingCertificate serving = ca.issueServing(NAMES, CLOCK);

  @Test
  void chainValidatesWithThePkixValidatorInsideItsValidity() throws Exception {
    validateAt(NOW);
    validateAt(NOW.minus(Duration.ofMinutes(5)));
    validateAt(NOW.plus(Duration.ofDays(30)));
  }

  @Test
  void chainFailsOneSecondBeforeItsValidityStarts() {
    assertThatThrownBy(() -> validateAt(NOW.minus(Duration.ofMinutes(5)).minusSeconds(1)))
        .isInstanceOfSatisfying(
            CertPathValidatorException.class,
            e -> assertThat(e.getReason()).isEqualTo(BasicReason.NOT_YET_VALID));
  }

  @Test
  void chainFailsOneSecondAfterItsValidityEnds() {
    assertThatThrownBy(() -> validateAt(NOW.plus(Duration.ofDays(30)).plusSeconds(1)))
        .isInstanceOfSatisfying(
            CertPathValidatorException.class,
            e -> assertThat(e.getReason()).isEqualTo(BasicReason.EXPIRED));
  }

  @Test
  void chainFailsAgainstAnotherCa() {
    CertificateAuthority other = CertificateAuthority.generate("valet-webhook-ca", CLOCK);

    assertThatThrownBy(() -> validate(other.certificate(), NOW))
        .isInstanceOf(CertPathValidatorException.class);
  }

  @Test
  void leafNamesTheServiceAndTheExtraNamesAndAddresses() throws Exception {
    X509Certificate leaf = serving.leaf();

    assertThat(leaf.getSubjectAlternativeNames())
        .containsExactly(
            List.of(2, "valet-webhook"),
            List.of(2, "valet-webhook.valet"),
            List.of(2, "valet-webhook.valet.svc"),
            List.of(2, "valet-webhook.valet.svc.cluster.local"),
            List.of(7, "10.96.0.12"));
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=valet-webhook");
    assertThat(leaf.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
  }

  @Test
  void leafIsForTlsServersOnly() throws Exception {
    X509Certificate leaf = serving.leaf();

    assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    boolean[] usage = leaf.getKeyUsage();
    assertThat(usage[0]).as("digitalSignature").isTrue();
    for (int bit = 1; bit < usage.length; bit++) {
      assertThat(usage[bit]).as("key usage bit %d", bit).isFalse();
    }
    assertThat(leaf.getCriticalExtensionOIDs()).contains("2.5.29.15");
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.getSigAlgName()).isEqualTo("SHA256withECDSA");
  }

  @Test
  void leafValidityStartsFiveMinutesEarlyAndLastsThirtyDaysByDefault() {
    assertThat(serving.leaf().getNotBefore().toInstant()).isEqualTo(NOW.minusSeconds(300));
    assertThat(serving.leaf().getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(30)));
  }

  @Test
  void leafValidityIsConfigurableAndTimesComeFromTheClock() {
    Instant later = NOW.plus(Duration.ofDays(400)).plusMillis(750);

    X509Certificate leaf =
        ca.issueServing(NAMES, Duration.ofHours(6), Clock.fixed(later, ZoneOffset.UTC)).leaf();

    Instant laterToTheSecond = later.minusMillis(750);
    assertThat(leaf.getNotBefore().toInstant()).isEqualTo(laterToTheSecond.minusSeconds(300));
    assertThat(leaf.getNotAfter().toInstant())
        .isEqualTo(laterToTheSecond.plus(Duration.ofHours(6)));
  }

  @Test
  void servingCertificateRefusesAKeyThatIsNotTheLeafs() {
    ServingCertificate other = ca.issueServing(NAMES, CLOCK);

    assertThatThrownBy(() -> new ServingCertificate(serving.chain(), other.privateKey()))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessageContaining("private key does not match certificate CN=valet-webhook");
  }

  private void validateAt(Instant at) throws Exception {
    validate(ca.certificate(), at);
  }

  private void validate(X509Certificate trusted, Instant at) throws Exception {
    var path = CertificateFactory.getInstance("X.509").generateCertPath(serving.chain());
    var parameters = new PKIXParameters(Set.of(new TrustAnchor(trusted, null)));
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(at));
    CertPathValidator.getInstance("PKIX").validate(path, parameters);
  }
}
