package dev.valet.webhook.tls;

/**
 * A rotation pass stored new material but could not publish its caBundle or record the publication.
 * What was stored stays stored; the next pass picks up from there.
 */
public final class IncompleteRotationException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient CertificateRotation.Outcome stored;

  IncompleteRotationException(CertificateRotation.Outcome stored, RuntimeException cause) {
    super(cause.getMessage(), cause);
    this.stored = stored;
  }

  /** What the pass stored before it failed; no webhook was patched. */
  public CertificateRotation.Outcome stored() {
    return stored;
  }
}
