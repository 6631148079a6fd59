package dev.valet.certs;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * When certificates are renewed and how a CA rotation is paced.
 *
 * @param leafLifetime how long a new serving certificate is valid (it never outlives its CA)
 * @param leafRenewalFraction renew a serving certificate once this fraction of its validity is
 *     left, e.g. 1/3: a 30-day certificate is renewed 10 days before it ends
 * @param caLifetime how long a new CA is valid
 * @param caRenewBefore start a CA rotation this long before the signing CA ends
 * @param caOverlap how long a caBundle holding a new CA must have been published before that CA
 *     signs the served certificate: the time every API server needs to pick up the caBundle
 */
public record RotationPolicy(
    Duration leafLifetime,
    double leafRenewalFraction,
    Duration caLifetime,
    Duration caRenewBefore,
    Duration caOverlap) {

  /**
   * Serving certificates for 30 days, renewed with a third left; CAs for 10 years, rotated 90 days
   * before they end; a new caBundle published 10 minutes before its CA signs.
   */
  public static RotationPolicy defaults() {
    return new RotationPolicy(
        Duration.ofDays(30),
        1.0 / 3,
        Duration.ofDays(3650),
        Duration.ofDays(90),
        Duration.ofMinutes(10));
  }

  public RotationPolicy {
    requirePositive("leafLifetime", leafLifetime);
    requirePositive("caLifetime", caLifetime);
    requirePositive("caRenewBefore", caRenewBefore);
    if (caOverlap.isNegative()) {
      throw new IllegalArgumentException("caOverlap must not be negative, got " + caOverlap);
    }
    if (!(leafRenewalFraction > 0 && leafRenewalFraction < 1)) {
      throw new IllegalArgumentException(
          "leafRenewalFraction must be between 0 and 1 (both excluded), got "
              + leafRenewalFraction);
    }
    Duration rotation = caOverlap.plus(leafLifetime);
    if (caRenewBefore.compareTo(rotation) <= 0) {
      throw new IllegalArgumentException(
          "caRenewBefore ("
              + caRenewBefore
              + ") must exceed caOverlap plus leafLifetime ("
              + rotation
              + "), so that the last serving certificate of an outgoing CA ends before that CA");
    }
    if (caLifetime.compareTo(caRenewBefore.plus(rotation)) <= 0) {
      throw new IllegalArgumentException(
          "caLifetime ("
              + caLifetime
              + ") must exceed caRenewBefore plus caOverlap plus leafLifetime ("
              + caRenewBefore.plus(rotation)
              + "), so that a new CA is not due for rotation before the previous one is retired");
    }
  }

  /**
   * When the serving certificate is due for renewal: {@code leafRenewalFraction} of its validity
   * (notBefore to notAfter) before notAfter, to the second.
   */
  public Instant leafRenewalPoint(X509Certificate leaf) {
    Instant notBefore = leaf.getNotBefore().toInstant();
    Instant notAfter = leaf.getNotAfter().toInstant();
    long validitySeconds = Duration.between(notBefore, notAfter).toSeconds();
    return notAfter.minusSeconds(Math.round(validitySeconds * leafRenewalFraction));
  }

  /** When a CA rotation is due for this signing CA. */
  public Instant caRenewalPoint(X509Certificate ca) {
    return ca.getNotAfter().toInstant().minus(caRenewBefore);
  }

  /** When a next CA whose caBundle was published at {@code publishedAt} may start signing. */
  public Instant caSigningPoint(Instant publishedAt) {
    return publishedAt.plus(caOverlap);
  }

  private static void requirePositive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
