package dev.valet.certs;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link TlsMaterial} as the data of one Kubernetes Secret of type {@code kubernetes.io/tls}. All
 * values are UTF-8 text.
 *
 * <ul>
 *   <li>{@value #TLS_CRT} (always): the serving certificate, PEM, followed by any intermediates.
 *       Valet writes the leaf alone: its CA reaches clients through the caBundle.
 *   <li>{@value #TLS_KEY} (always): the serving certificate's private key, PKCS#8 PEM.
 *   <li>{@value #CA_CRT} (always): the caBundle, every CA the API server must trust, PEM, in the
 *       order they were introduced.
 *   <li>{@value #CA_KEY} (always): the signing CA's private key, PKCS#8 PEM. The signing CA is the
 *       certificate in {@value #CA_CRT} this key belongs to.
 *   <li>{@value #CA_NEXT_KEY} (during a CA rotation, phase 1): the private key of the CA that will
 *       sign next, whose certificate is the one in {@value #CA_CRT} this key belongs to.
 *   <li>{@value #CA_NEXT_PUBLISHED_AT} (once that caBundle is published): the ISO-8601 instant at
 *       which a caBundle holding the next CA reached the webhook configuration.
 *   <li>{@value #TLS_SUPERSEDED_CRT} (when there are any): replaced serving certificates that have
 *       not expired, PEM. A replica may still present them, so their CAs stay in {@value #CA_CRT}.
 * </ul>
 *
 * <p>Reading is strict: a missing key, a key that matches no certificate or a malformed value is an
 * {@link InvalidTlsMaterialException} that names the Secret key.
 */
public final class TlsSecret {

  public static final String TLS_CRT = "tls.crt";
  public static final String TLS_KEY = "tls.key";
  public static final String CA_CRT = "ca.crt";
  public static final String CA_KEY = "ca.key";
  public static final String CA_NEXT_KEY = "ca-next.key";
  public static final String CA_NEXT_PUBLISHED_AT = "ca-next.published-at";
  public static final String TLS_SUPERSEDED_CRT = "tls-superseded.crt";

  private TlsSecret() {}

  /** The Secret data for the material, keys in the order of the table above. */
  public static Map<String, byte[]> toData(TlsMaterial material) {
    Map<String, byte[]> data = new LinkedHashMap<>();
    data.put(TLS_CRT, utf8(Pem.writeCertificates(material.serving().chain())));
    data.put(TLS_KEY, utf8(Pem.writePrivateKey(material.serving().privateKey())));
    data.put(CA_CRT, utf8(Pem.writeCertificates(material.caBundle())));
    data.put(CA_KEY, utf8(Pem.writePrivateKey(material.signingCa().privateKey())));
    material
        .nextCa()
        .ifPresent(next -> data.put(CA_NEXT_KEY, utf8(Pem.writePrivateKey(next.privateKey()))));
    material
        .nextCaPublishedAt()
        .ifPresent(at -> data.put(CA_NEXT_PUBLISHED_AT, utf8(at.toString())));
    if (!material.supersededLeaves().isEmpty()) {
      data.put(TLS_SUPERSEDED_CRT, utf8(Pem.writeCertificates(material.supersededLeaves())));
    }
    return data;
  }

  /**
   * The material the Secret data holds.
   *
   * @throws InvalidTlsMaterialException naming the Secret key that is missing or wrong
   */
  public static TlsMaterial fromData(Map<String, byte[]> data) {
    List<X509Certificate> caBundle = Pem.readCertificates(required(data, CA_CRT), CA_CRT);
    CertificateAuthority signingCa = authorityFor(caBundle, required(data, CA_KEY), CA_KEY);
    Optional<CertificateAuthority> nextCa =
        optional(data, CA_NEXT_KEY).map(key -> authorityFor(caBundle, key, CA_NEXT_KEY));
    Optional<Instant> publishedAt =
        optional(data, CA_NEXT_PUBLISHED_AT).map(TlsSecret::publicationInstant);
    if (publishedAt.isPresent() && nextCa.isEmpty()) {
      throw new InvalidTlsMaterialException(
          CA_NEXT_PUBLISHED_AT + " is set but there is no " + CA_NEXT_KEY);
    }

    List<X509Certificate> chain = Pem.readCertificates(required(data, TLS_CRT), TLS_CRT);
    PrivateKey servingKey = Pem.readPrivateKey(required(data, TLS_KEY), TLS_KEY);
    Certificates.requireKeyMatches(servingKey, chain.get(0), TLS_KEY);
    List<X509Certificate> superseded =
        optional(data, TLS_SUPERSEDED_CRT)
            .map(text -> Pem.readCertificates(text, TLS_SUPERSEDED_CRT))
            .orElse(List.of());

    return new TlsMaterial(
        caBundle,
        signingCa,
        nextCa,
        publishedAt,
        new ServingCertificate(chain, servingKey),
        superseded);
  }

  private static CertificateAuthority authorityFor(
      List<X509Certificate> caBundle, String keyText, String keySource) {
    PrivateKey key = Pem.readPrivateKey(keyText, keySource);
    return caBundle.stream()
        .filter(ca -> Certificates.keyMatches(key, ca.getPublicKey()))
        .findFirst()
        .map(ca -> new CertificateAuthority(ca, key))
        .orElseThrow(
            () ->
                new InvalidTlsMaterialException(
                    keySource + " belongs to no certificate in " + CA_CRT));
  }

  private static Instant publicationInstant(String text) {
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new InvalidTlsMaterialException(
          CA_NEXT_PUBLISHED_AT + " is not an ISO-8601 instant: '" + text.strip() + "'");
    }
  }

  private static String required(Map<String, byte[]> data, String key) {
    return optional(data, key)
        .orElseThrow(() -> new InvalidTlsMaterialException("the Secret has no " + key));
  }

  private static Optional<String> optional(Map<String, byte[]> data, String key) {
    return Optional.ofNullable(data.get(key))
        .map(value -> new String(value, StandardCharsets.UTF_8));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
