package dev.valet.certs;

import dev.valet.certs.Plan.Change;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Decides what the webhook's stored TLS material should become at a given instant. It reads and
 * writes nothing: {@code valet certs} calls it once, {@code valet serve} keeps calling it.
 *
 * <p>It keeps one invariant: at no moment does the API server trust none of the certificates being
 * served, even though the API server picks up a new caBundle a little late and a replica picks up a
 * new serving certificate a little late. Hence a CA rotation takes three phases, each in its own
 * call:
 *
 * <ol>
 *   <li>When the signing CA is {@link RotationPolicy#caRenewBefore()} from its end (or a rotation
 *       is forced), a new CA joins the end of the caBundle. The old CA still signs.
 *   <li>Once the caBundle holding the new CA has been published for {@link
 *       RotationPolicy#caOverlap()}, the new CA signs a new serving certificate. The replaced one
 *       is kept in {@link TlsMaterial#supersededLeaves()}.
 *   <li>A CA that no longer signs leaves the caBundle once no serving certificate it signed (served
 *       or superseded) is still valid.
 * </ol>
 *
 * <p>Besides, a serving certificate is replaced when {@link RotationPolicy#leafRenewalFraction()}
 * of its validity is left, when it has expired, when its names differ from the wanted ones, or when
 * the signing CA did not sign it.
 *
 * <p>How to call it: store the material of a changed {@link Plan}; make the caBundle of the webhook
 * configuration equal to {@link TlsMaterial#caBundle()}; then, if {@link
 * TlsMaterial#awaitsBundlePublication()}, store {@link TlsMaterial#recordBundlePublished} with the
 * instant that publication succeeded. Calling again with the stored material at the same instant
 * returns it unchanged.
 */
public final class Rotator {

  private final RotationPolicy policy;
  private final String caCommonName;
  private final SubjectAlternativeNames servingNames;

  /**
   * @param caCommonName the common name of each CA it generates, e.g. {@code valet-webhook-ca}
   * @param servingNames the names every serving certificate must carry
   */
  public Rotator(RotationPolicy policy, String caCommonName, SubjectAlternativeNames servingNames) {
    this.policy = policy;
    this.caCommonName = caCommonName;
    this.servingNames = servingNames;
  }

  /** What the material should be at {@code now}; with no material, a new CA and leaf. */
  public Plan next(Optional<TlsMaterial> current, Instant now) {
    return plan(current, now, false, false);
  }

  /** As {@link #next}, and a new serving certificate even if the current one is fine. */
  public Plan renewLeaf(Optional<TlsMaterial> current, Instant now) {
    return plan(current, now, true, false);
  }

  /**
   * As {@link #next}, and phase 1 of a CA rotation even if the signing CA is far from its end. The
   * later phases follow in later calls, at the same pace as any rotation. A rotation already under
   * way (a next CA waiting, or starting to sign in this call) absorbs the request.
   */
  public Plan rotateCa(Optional<TlsMaterial> current, Instant now) {
    return plan(current, now, false, true);
  }

  private Plan plan(
      Optional<TlsMaterial> current, Instant now, boolean forceLeaf, boolean forceCa) {
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    if (current.isEmpty()) {
      return create(clock, Change.CREATED);
    }
    TlsMaterial material = current.get();
    Set<Change> changes = EnumSet.noneOf(Change.class);

    if (nextCaMaySign(material, now)) {
      material = material.withNextCaSigning();
      changes.add(Change.CA_SIGNING);
    }

    if (Certificates.isExpired(material.signingCa().certificate(), now)) {
      return create(clock, Change.REPLACED_EXPIRED_CA);
    }

    boolean rotationForced = forceCa && !changes.contains(Change.CA_SIGNING);
    if (material.nextCa().isEmpty() && (rotationForced || caRotationDue(material, now))) {
      material =
          material.withNextCa(
              CertificateAuthority.generate(caCommonName, policy.caLifetime(), clock));
      changes.add(Change.CA_INTRODUCED);
    }

    if (forceLeaf || leafNeedsReplacement(material, now)) {
      material = withNewLeaf(material, clock, now);
      changes.add(Change.LEAF_ISSUED);
    }

    List<X509Certificate> retired = retirableCas(material, now);
    if (!retired.isEmpty()) {
      changes.add(Change.CA_RETIRED);
    }

    if (changes.isEmpty()) {
      return Plan.unchanged(current.get());
    }
    return new Plan(withoutRetiredAndExpired(material, retired, now), changes);
  }

  private Plan create(Clock clock, Change change) {
    CertificateAuthority ca =
        CertificateAuthority.generate(caCommonName, policy.caLifetime(), clock);
    ServingCertificate serving = ca.issueServing(servingNames, policy.leafLifetime(), clock);
    return new Plan(TlsMaterial.initial(ca, serving), Set.of(change));
  }

  private boolean nextCaMaySign(TlsMaterial material, Instant now) {
    return material.nextCa().isPresent()
        && material.nextCaPublishedAt().isPresent()
        && !now.isBefore(policy.caSigningPoint(material.nextCaPublishedAt().get()));
  }

  private boolean caRotationDue(TlsMaterial material, Instant now) {
    return !now.isBefore(policy.caRenewalPoint(material.signingCa().certificate()));
  }

  private boolean leafNeedsReplacement(TlsMaterial material, Instant now) {
    X509Certificate leaf = material.leaf();
    X509Certificate signingCa = material.signingCa().certificate();
    if (!Certificates.isIssuedBy(leaf, signingCa) || !hasWantedNames(leaf)) {
      return true;
    }
    if (Certificates.isExpired(leaf, now)) {
      return true;
    }
    // A leaf that already ends with its CA cannot be extended: renewing it would only churn.
    boolean renewalExtends = leaf.getNotAfter().before(signingCa.getNotAfter());
    return renewalExtends && !now.isBefore(policy.leafRenewalPoint(leaf));
  }

  private boolean hasWantedNames(X509Certificate leaf) {
    try {
      return servingNames.sameNamesAs(SubjectAlternativeNames.of(leaf));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private TlsMaterial withNewLeaf(TlsMaterial material, Clock clock, Instant now) {
    ServingCertificate serving =
        material.signingCa().issueServing(servingNames, policy.leafLifetime(), clock);
    List<X509Certificate> superseded = new ArrayList<>(material.supersededLeaves());
    if (!Certificates.isExpired(material.leaf(), now)) {
      superseded.add(material.leaf());
    }
    return material.withServing(serving, superseded);
  }

  /** Retiring CAs that signed no serving certificate that is unexpired, served or superseded. */
  private static List<X509Certificate> retirableCas(TlsMaterial material, Instant now) {
    List<X509Certificate> unexpiredLeaves = unexpiredLeaves(material, now);
    return material.retiringCas().stream()
        .filter(ca -> unexpiredLeaves.stream().noneMatch(leaf -> Certificates.isIssuedBy(leaf, ca)))
        .toList();
  }

  private static TlsMaterial withoutRetiredAndExpired(
      TlsMaterial material, List<X509Certificate> retired, Instant now) {
    List<X509Certificate> bundle =
        material.caBundle().stream().filter(ca -> !retired.contains(ca)).toList();
    List<X509Certificate> superseded =
        material.supersededLeaves().stream()
            .filter(leaf -> !Certificates.isExpired(leaf, now))
            .toList();
    return material.withCaBundle(bundle, superseded);
  }

  private static List<X509Certificate> unexpiredLeaves(TlsMaterial material, Instant now) {
    return Stream.concat(Stream.of(material.leaf()), material.supersededLeaves().stream())
        .filter(leaf -> !Certificates.isExpired(leaf, now))
        .toList();
  }
}
