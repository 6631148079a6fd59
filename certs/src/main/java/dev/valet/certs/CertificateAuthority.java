package dev.valet.certs;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * A self-signed certificate authority that signs the webhook's serving certificates.
 *
 * <p>{@link #generate} makes an ECDSA P-256 CA whose only use is signing certificates: basic
 * constraints CA with path length 0 and key usage keyCertSign and cRLSign, both critical, and a
 * subject key identifier. {@link #issueServing} signs P-256 leaves for TLS servers. Validity starts
 * five minutes before the clock's now, for peers whose clocks run behind. The key is checked to
 * belong to the certificate on construction.
 */
public record CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {

  /** How long a generated CA is valid unless told otherwise: 10 years of 365 days. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(3650);

  /** How long a serving certificate is valid unless told otherwise. */
  public static final Duration DEFAULT_SERVING_VALIDITY = Duration.ofDays(30);

  public CertificateAuthority {
    if (certificate.getBasicConstraints() < 0) {
      throw new InvalidTlsMaterialException(
          "certificate " + Certificates.describe(certificate) + " is not a CA");
    }
    Certificates.requireKeyMatches(privateKey, certificate, "CA key");
  }

  /** A new CA named {@code CN=<commonName>}, valid from the clock's now for {@code validity}. */
  public static CertificateAuthority generate(String commonName, Duration validity, Clock clock) {
    requirePositive(validity);
    KeyPair keyPair = Certificates.newP256KeyPair();
    Instant now = Certificates.now(clock);
    var name = Certificates.commonNameOnly(commonName);
    var builder =
        new JcaX509v3CertificateBuilder(
            name,
            Certificates.randomSerial(),
            Date.from(now.minus(Certificates.CLOCK_SKEW_ALLOWANCE)),
            Date.from(now.plus(validity)),
            name,
            keyPair.getPublic());

    Certificates.addExtension(builder, Extension.basicConstraints, true, new BasicConstraints(0));
    Certificates.addExtension(
        builder, Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    Certificates.addExtension(
        builder,
        Extension.subjectKeyIdentifier,
        false,
        extensionUtils().createSubjectKeyIdentifier(keyPair.getPublic()));

    X509Certificate certificate = Certificates.sign(builder, keyPair.getPrivate());
    return new CertificateAuthority(certificate, keyPair.getPrivate());
  }

  /** A new CA valid for {@link #DEFAULT_VALIDITY}. */
  public static CertificateAuthority generate(String commonName, Clock clock) {
    return generate(commonName, DEFAULT_VALIDITY, clock);
  }

  /**
   * A new serving certificate for {@code names}, valid from the clock's now for {@code validity}
   * but never beyond this CA's own end. Its common name is {@link
   * SubjectAlternativeNames#commonName()}; its usages are digitalSignature (critical) and
   * serverAuth. The chain holds the leaf alone: clients trust this CA through their caBundle.
   */
  public ServingCertificate issueServing(
      SubjectAlternativeNames names, Duration validity, Clock clock) {
    requirePositive(validity);
    KeyPair keyPair = Certificates.newP256KeyPair();
    Instant now = Certificates.now(clock);
    Instant caNotAfter = certificate.getNotAfter().toInstant();
    Instant notAfter = now.plus(validity).isAfter(caNotAfter) ? caNotAfter : now.plus(validity);
    var builder =
        new JcaX509v3CertificateBuilder(
            X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
            Certificates.randomSerial(),
            Date.from(now.minus(Certificates.CLOCK_SKEW_ALLOWANCE)),
            Date.from(notAfter),
            Certificates.commonNameOnly(names.commonName()),
            keyPair.getPublic());

    Certificates.addExtension(
        builder, Extension.basicConstraints, true, new BasicConstraints(false));
    Certificates.addExtension(
        builder, Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    Certificates.addExtension(
        builder,
        Extension.extendedKeyUsage,
        false,
        new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    Certificates.addExtension(
        builder, Extension.subjectAlternativeName, false, names.toGeneralNames());
    Certificates.addExtension(
        builder,
        Extension.subjectKeyIdentifier,
        false,
        extensionUtils().createSubjectKeyIdentifier(keyPair.getPublic()));
    Certificates.addExtension(
        builder, Extension.authorityKeyIdentifier, false, authorityKeyIdentifier());

    X509Certificate leaf = Certificates.sign(builder, privateKey);
    return new ServingCertificate(List.of(leaf), keyPair.getPrivate());
  }

  /** A new serving certificate valid for {@link #DEFAULT_SERVING_VALIDITY}. */
  public ServingCertificate issueServing(SubjectAlternativeNames names, Clock clock) {
    return issueServing(names, DEFAULT_SERVING_VALIDITY, clock);
  }

  /** Whether this CA signed the certificate. */
  public boolean issued(X509Certificate other) {
    return Certificates.isIssuedBy(other, certificate);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CertificateAuthority that
        && certificate.equals(that.certificate)
        && MessageDigest.isEqual(privateKey.getEncoded(), that.privateKey.getEncoded());
  }

  @Override
  public int hashCode() {
    return certificate.hashCode();
  }

  /** Describes the certificate; the key stays out. */
  @Override
  public String toString() {
    return "CertificateAuthority[" + Certificates.describe(certificate) + "]";
  }

  /** The key identifier this CA's certificate declares, so leaves point at exactly this key. */
  private AuthorityKeyIdentifier authorityKeyIdentifier() {
    byte[] extension = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    if (extension == null) {
      return extensionUtils().createAuthorityKeyIdentifier(certificate.getPublicKey());
    }
    byte[] keyIdentifier =
        ASN1OctetString.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getOctets();
    return new AuthorityKeyIdentifier(keyIdentifier);
  }

  private static JcaX509ExtensionUtils extensionUtils() {
    try {
      return new JcaX509ExtensionUtils();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-1 for key identifiers", e);
    }
  }

  private static void requirePositive(Duration validity) {
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive, got " + validity);
    }
  }
}
