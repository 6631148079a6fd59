package dev.valet.webhook.admin.api;

/** A request whose parameters are not allowed; the message says what is. Answered with 400. */
final class BadQueryException extends RuntimeException {
  BadQueryException(String message) {
    super(message, null, false, false);
  }
}
