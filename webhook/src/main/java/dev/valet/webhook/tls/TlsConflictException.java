package dev.valet.webhook.tls;

/**
 * Someone else wrote the Secret or the webhook configuration between our read and our write: the
 * write was refused (HTTP 409) and nothing of it happened. Read again and decide again.
 */
public final class TlsConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TlsConflictException(String message) {
    super(message);
  }
}
