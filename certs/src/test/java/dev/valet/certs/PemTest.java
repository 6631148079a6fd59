package dev.valet.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.Test;

class PemTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2030-01-15T10:00:00Z"), ZoneOffset.UTC);

  private final CertificateAuthority ca = CertificateAuthority.generate("valet-webhook-ca", CLOCK);
  private final ServingCertificate serving =
      ca.issueServing(SubjectAlternativeNames.of(List.of("valet-webhook")), CLOCK);

  @Test
  void certificatesRoundTripInOrder() {
    List<X509Certificate> bundle =
        List.of(
            ca.certificate(),
            serving.leaf(),
            CertificateAuthority.generate("next-ca", CLOCK).certificate());

    String text = Pem.writeCertificates(bundle);

    assertThat(text).startsWith("-----BEGIN CERTIFICATE-----\n");
    assertThat(text.split("-----BEGIN CERTIFICATE-----", -1)).hasSize(4);
    assertThat(Pem.readCertificates(text, "ca.crt")).containsExactlyElementsOf(bundle);
  }

  @Test
  void privateKeyIsWrittenAsPkcs8AndReadBack() {
    String text = Pem.writePrivateKey(serving.privateKey());

    assertThat(text).startsWith("-----BEGIN PRIVATE KEY-----\n");
    PrivateKey read = Pem.readPrivateKey(text, "tls.key");
    assertThat(read.getEncoded()).isEqualTo(serving.privateKey().getEncoded());
    assertThat(Certificates.keyMatches(read, serving.leaf().getPublicKey())).isTrue();
  }

  @Test
  void sec1KeyIsReadWithOrWithoutAnEcParametersBlock() {
    String sec1 = TestPem.sec1(serving.privateKey());
    String parameters = TestPem.ecParameters(serving.privateKey());

    PrivateKey alone = Pem.readPrivateKey(sec1, "tls.key");
    PrivateKey withParameters = Pem.readPrivateKey(parameters + sec1, "tls.key");

    assertThat(sec1).startsWith("-----BEGIN EC PRIVATE KEY-----\n");
    assertThat(Certificates.keyMatches(alone, serving.leaf().getPublicKey())).isTrue();
    assertThat(Certificates.keyMatches(withParameters, serving.leaf().getPublicKey())).isTrue();
  }

  @Test
  void pkcs1RsaKeyIsRead() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    var keyPair = generator.generateKeyPair();
    var pkcs1 = PrivateKeyInfo.getInstance(keyPair.getPrivate().getEncoded()).parsePrivateKey();

    PrivateKey read =
        Pem.readPrivateKey(
            TestPem.block("RSA PRIVATE KEY", pkcs1.toASN1Primitive().getEncoded()), "tls.key");

    assertThat(Certificates.keyMatches(read, keyPair.getPublic())).isTrue();
  }

  @Test
  void textAroundBlocksIsIgnored() {
    String text =
        "subject=CN=valet\n" + Pem.writeCertificates(List.of(ca.certificate())) + "\n# end";

    assertThat(Pem.readCertificates(text, "ca.crt")).containsExactly(ca.certificate());
  }

  @Test
  void garbageHasNoCertificate() {
    assertThatThrownBy(() -> Pem.readCertificates("hello, not a certificate", "tls.crt"))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessage("no certificate found in tls.crt");
  }

  @Test
  void emptyTextHasNoPrivateKey() {
    assertThatThrownBy(() -> Pem.readPrivateKey("", "tls.key"))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessage("no private key found in tls.key");
  }

  @Test
  void blockWithoutEndIsMalformed() {
    String text = Pem.writeCertificates(List.of(ca.certificate()));
    String truncated = text.substring(0, text.indexOf("-----END"));

    assertThatThrownBy(() -> Pem.readCertificates(truncated, "ca.crt"))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessageStartingWith("malformed PEM in ca.crt");
  }

  @Test
  void certificateThatIsNotDerSaysWhichOne() {
    String text =
        Pem.writeCertificates(List.of(ca.certificate()))
            + TestPem.block("CERTIFICATE", new byte[] {1, 2, 3});

    assertThatThrownBy(() -> Pem.readCertificates(text, "ca.crt"))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessage("certificate 2 in ca.crt cannot be decoded");
  }

  @Test
  void keyWhereCertificatesBelongIsRefusedWithoutQuotingIt() {
    String key = Pem.writePrivateKey(serving.privateKey());

    assertThatThrownBy(() -> Pem.readCertificates(key, "tls.crt"))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessage("unexpected PEM block 'PRIVATE KEY' in tls.crt, expected certificates");
  }

  @Test
  void certificateWhereAKeyBelongsIsRefused() {
    String certificate = Pem.writeCertificates(List.of(serving.leaf()));

    assertThatThrownBy(() -> Pem.readPrivateKey(certificate, "tls.key"))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessage("unexpected PEM block 'CERTIFICATE' in tls.key, expected a private key");
  }

  @Test
  void corruptedKeyIsRefusedWithoutItsContentInTheMessageOrCause() {
    String key = Pem.writePrivateKey(serving.privateKey());
    String body = key.lines().filter(line -> !line.startsWith("-----")).reduce("", String::concat);
    String corrupted = key.replace(body.substring(0, 40), "A".repeat(40));

    assertThatThrownBy(() -> Pem.readPrivateKey(corrupted, "tls.key"))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessageStartingWith("the PRIVATE KEY in tls.key cannot be decoded")
        .hasNoCause()
        .satisfies(e -> assertNoChunkOf(body, e.getMessage()));
  }

  @Test
  void encryptedKeyIsRefused() {
    String encrypted = TestPem.block("ENCRYPTED PRIVATE KEY", new byte[] {48, 0});

    assertThatThrownBy(() -> Pem.readPrivateKey(encrypted, "tls.key"))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessage("the private key in tls.key is encrypted; an unencrypted key is needed");
  }

  @Test
  void twoKeysAreRefused() {
    String two = Pem.writePrivateKey(serving.privateKey()) + Pem.writePrivateKey(ca.privateKey());

    assertThatThrownBy(() -> Pem.readPrivateKey(two, "tls.key"))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessage("more than one private key in tls.key");
  }

  private static void assertNoChunkOf(String secret, String message) {
    for (int start = 0; start + 12 <= secret.length(); start++) {
      assertThat(message).doesNotContain(secret.substring(start, start + 12));
    }
  }
}
