package dev.valet.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

  private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String KEY_USAGE = "2.5.29.15";
  private static final String BASIC_CONSTRAINTS = "2.5.29.19";

  @Test
  void generatedCaIsSelfSignedP256CaWithPathLengthZero() throws Exception {
    X509Certificate ca = CertificateAuthority.generate("valet-webhook-ca", CLOCK).certificate();

    assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=valet-webhook-ca");
    assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
    ca.verify(ca.getPublicKey());
    assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(curveFieldSize(ca)).isEqualTo(256);
    assertThat(ca.getBasicConstraints()).isZero();
    assertThat(ca.getCriticalExtensionOIDs()).contains(BASIC_CONSTRAINTS, KEY_USAGE);
  }

  @Test
  void generatedCaMaySignCertificatesAndRevocationListsOnly() {
    X509Certificate ca = CertificateAuthority.generate("valet-webhook-ca", CLOCK).certificate();

    boolean[] usage = ca.getKeyUsage();
    assertThat(usage[5]).as("keyCertSign").isTrue();
    assertThat(usage[6]).as("cRLSign").isTrue();
    assertThat(usage[0]).as("digitalSignature").isFalse();
    assertThat(usage[2]).as("keyEncipherment").isFalse();
    assertThat(ca.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
  }

  @Test
  void caValidityStartsFiveMinutesEarlyAndLastsTenYearsByDefault() {
    X509Certificate ca = CertificateAuthority.generate("valet-webhook-ca", CLOCK).certificate();

    assertThat(ca.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
    assertThat(ca.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(3650)));
  }

  @Test
  void caValidityIsConfigurable() {
    X509Certificate ca =
        CertificateAuthority.generate("other-ca", Duration.ofDays(7), CLOCK).certificate();

    assertThat(ca.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(7)));
    assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=other-ca");
  }

  @Test
  void serialsArePositiveRandomAndAtLeast64Bits() {
    BigInteger first = CertificateAuthority.generate("ca", CLOCK).certificate().getSerialNumber();
    BigInteger second = CertificateAuthority.generate("ca", CLOCK).certificate().getSerialNumber();

    assertThat(first.signum()).isPositive();
    assertThat(first.bitLength()).isGreaterThanOrEqualTo(64);
    assertThat(first.toByteArray()).hasSizeLessThanOrEqualTo(20);
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void leafPointsAtItsCaKeyAndCannotSignCertificates() {
    CertificateAuthority ca = CertificateAuthority.generate("valet-webhook-ca", CLOCK);
    X509Certificate leaf =
        ca.issueServing(SubjectAlternativeNames.of(List.of("valet")), CLOCK).leaf();

    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.getCriticalExtensionOIDs()).contains(BASIC_CONSTRAINTS, KEY_USAGE);
    assertThat(authorityKeyIdentifier(leaf)).isEqualTo(subjectKeyIdentifier(ca.certificate()));
    assertThat(ca.issued(leaf)).isTrue();
    assertThat(CertificateAuthority.generate("valet-webhook-ca", CLOCK).issued(leaf)).isFalse();
  }

  @Test
  void leafNeverOutlivesItsCa() {
    CertificateAuthority ca = CertificateAuthority.generate("ca", Duration.ofDays(3), CLOCK);

    X509Certificate leaf =
        ca.issueServing(SubjectAlternativeNames.of(List.of("valet")), Duration.ofDays(30), CLOCK)
            .leaf();

    assertThat(leaf.getNotAfter()).isEqualTo(ca.certificate().getNotAfter());
  }

  @Test
  void caRefusesAKeyThatIsNotItsOwn() {
    CertificateAuthority ca = CertificateAuthority.generate("ca", CLOCK);
    CertificateAuthority other = CertificateAuthority.generate("ca", CLOCK);

    assertThatThrownBy(() -> new CertificateAuthority(ca.certificate(), other.privateKey()))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessageContaining("private key does not match certificate CN=ca");
  }

  @Test
  void leafCannotActAsCa() {
    CertificateAuthority ca = CertificateAuthority.generate("ca", CLOCK);
    ServingCertificate serving = ca.issueServing(SubjectAlternativeNames.of(List.of("v")), CLOCK);

    assertThatThrownBy(() -> new CertificateAuthority(serving.leaf(), serving.privateKey()))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessageContaining("is not a CA");
  }

  @Test
  void descriptionsLeaveTheKeyOut() {
    CertificateAuthority ca = CertificateAuthority.generate("ca", CLOCK);
    String encodedKey = Pem.writePrivateKey(ca.privateKey()).lines().skip(1).findFirst().get();

    assertThat(ca.toString()).contains("CN=ca").doesNotContain(encodedKey);
  }

  private static int curveFieldSize(X509Certificate certificate) {
    return ((ECPublicKey) certificate.getPublicKey())
        .getParams()
        .getCurve()
        .getField()
        .getFieldSize();
  }

  private static byte[] subjectKeyIdentifier(X509Certificate certificate) {
    return SubjectKeyIdentifier.getInstance(extension(certificate, Extension.subjectKeyIdentifier))
        .getKeyIdentifier();
  }

  private static byte[] authorityKeyIdentifier(X509Certificate certificate) {
    return AuthorityKeyIdentifier.getInstance(
            extension(certificate, Extension.authorityKeyIdentifier))
        .getKeyIdentifierOctets();
  }

  private static byte[] extension(X509Certificate certificate, ASN1ObjectIdentifier oid) {
    return ASN1OctetString.getInstance(certificate.getExtensionValue(oid.getId())).getOctets();
  }
}
