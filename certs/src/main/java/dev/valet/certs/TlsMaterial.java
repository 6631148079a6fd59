package dev.valet.certs;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * All TLS material of the webhook, and where a CA rotation stands. {@link TlsSecret} stores it in
 * one Kubernetes Secret; {@link Rotator} says what it should become next.
 *
 * @param caBundle the CAs the API server must trust, in the order they were introduced: what the
 *     caBundle of the webhook configuration holds. Two (rarely more) during a CA rotation.
 * @param signingCa the CA that signs serving certificates now; it is in the caBundle
 * @param nextCa the CA that will sign once the caBundle that holds it has been published for long
 *     enough (phase 1 of a CA rotation); it is in the caBundle
 * @param nextCaPublishedAt when a caBundle holding {@code nextCa} was published to the API server,
 *     as recorded by the caller through {@link #recordBundlePublished}; empty until then
 * @param serving the serving certificate chain and its key
 * @param supersededLeaves serving certificates replaced while still valid. A replica that has not
 *     reloaded may still present one, so the CA that signed it stays in the caBundle until it
 *     expires.
 */
public record TlsMaterial(
    List<X509Certificate> caBundle,
    CertificateAuthority signingCa,
    Optional<CertificateAuthority> nextCa,
    Optional<Instant> nextCaPublishedAt,
    ServingCertificate serving,
    List<X509Certificate> supersededLeaves) {

  public TlsMaterial {
    caBundle = List.copyOf(caBundle);
    supersededLeaves = List.copyOf(supersededLeaves);
    if (new HashSet<>(caBundle).size() != caBundle.size()) {
      throw new InvalidTlsMaterialException("the caBundle holds a CA certificate twice");
    }
    if (!caBundle.contains(signingCa.certificate())) {
      throw new InvalidTlsMaterialException(
          "the signing CA " + signingCa + " is not in the caBundle");
    }
    if (nextCa.isPresent()) {
      X509Certificate next = nextCa.get().certificate();
      if (!caBundle.contains(next) || next.equals(signingCa.certificate())) {
        throw new InvalidTlsMaterialException(
            "the next CA "
                + nextCa.get()
                + " must be in the caBundle and differ from the signing CA");
      }
    } else if (nextCaPublishedAt.isPresent()) {
      throw new InvalidTlsMaterialException("a publication time was given but there is no next CA");
    }
  }

  /** Material with one CA that signs the serving certificate: where every deployment starts. */
  public static TlsMaterial initial(CertificateAuthority ca, ServingCertificate serving) {
    return new TlsMaterial(
        List.of(ca.certificate()), ca, Optional.empty(), Optional.empty(), serving, List.of());
  }

  /** The certificate this server presents. */
  public X509Certificate leaf() {
    return serving.leaf();
  }

  /**
   * Whether the caBundle holds a next CA whose publication has not been recorded yet: the caller
   * must publish {@link #caBundle()} to the webhook configuration, then {@link
   * #recordBundlePublished} and store the result.
   */
  public boolean awaitsBundlePublication() {
    return nextCa.isPresent() && nextCaPublishedAt.isEmpty();
  }

  /**
   * This material with the note that its caBundle reached the API server at {@code publishedAt}.
   * The next CA starts signing once {@link RotationPolicy#caOverlap()} has passed since. Only the
   * first publication counts; without a next CA there is nothing to note and this is returned.
   */
  public TlsMaterial recordBundlePublished(Instant publishedAt) {
    if (!awaitsBundlePublication()) {
      return this;
    }
    return new TlsMaterial(
        caBundle, signingCa, nextCa, Optional.of(publishedAt), serving, supersededLeaves);
  }

  /** CAs in the caBundle that neither sign nor will sign: they stay while their leaves live. */
  List<X509Certificate> retiringCas() {
    return caBundle.stream()
        .filter(ca -> !ca.equals(signingCa.certificate()))
        .filter(ca -> nextCa.isEmpty() || !ca.equals(nextCa.get().certificate()))
        .toList();
  }

  /** Phase 1 of a CA rotation: {@code next} joins the end of the caBundle but does not sign. */
  TlsMaterial withNextCa(CertificateAuthority next) {
    List<X509Certificate> bundle = new ArrayList<>(caBundle);
    bundle.add(next.certificate());
    return new TlsMaterial(
        bundle, signingCa, Optional.of(next), Optional.empty(), serving, supersededLeaves);
  }

  /** Phase 2 of a CA rotation: the next CA becomes the signing CA. */
  TlsMaterial withNextCaSigning() {
    return new TlsMaterial(
        caBundle,
        nextCa.orElseThrow(),
        Optional.empty(),
        Optional.empty(),
        serving,
        supersededLeaves);
  }

  TlsMaterial withServing(ServingCertificate newServing, List<X509Certificate> newSuperseded) {
    return new TlsMaterial(
        caBundle, signingCa, nextCa, nextCaPublishedAt, newServing, newSuperseded);
  }

  TlsMaterial withCaBundle(List<X509Certificate> bundle, List<X509Certificate> newSuperseded) {
    return new TlsMaterial(bundle, signingCa, nextCa, nextCaPublishedAt, serving, newSuperseded);
  }

  /** Names the certificates and the rotation state; keys stay out. */
  @Override
  public String toString() {
    return "TlsMaterial[leaf="
        + Certificates.describe(leaf())
        + ", caBundle="
        + caBundle.stream().map(Certificates::describe).toList()
        + ", signingCa serial "
        + signingCa.certificate().getSerialNumber().toString(16)
        + nextCa
            .map(ca -> ", nextCa serial " + ca.certificate().getSerialNumber().toString(16))
            .orElse("")
        + nextCaPublishedAt.map(at -> " published " + at).orElse("")
        + ", superseded leaves "
        + supersededLeaves.size()
        + "]";
  }
}
