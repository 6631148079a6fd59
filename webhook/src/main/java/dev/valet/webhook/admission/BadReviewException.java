package dev.valet.webhook.admission;

import java.util.Optional;

/**
 * The body is not an AdmissionReview Valet can answer; the message says what is wrong. When the
 * request uid could be read, the answer is a denial for that uid; otherwise an HTTP 400.
 */
public final class BadReviewException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String uid;

  public BadReviewException(String message) {
    this(message, null);
  }

  public BadReviewException(String message, String uid) {
    super(message);
    this.uid = uid;
  }

  public Optional<String> uid() {
    return Optional.ofNullable(uid);
  }

  BadReviewException withUid(String uid) {
    return new BadReviewException(getMessage(), uid);
  }
}
