package dev.valet.webhook.tls;

/** Where the webhook's serving certificate comes from. */
public enum TlsMode {
  /**
   * Valet makes and rotates the certificate itself: it keeps the material in one Secret of type
   * {@code kubernetes.io/tls} and publishes the caBundle of its MutatingWebhookConfiguration.
   */
  MANAGED,
  /**
   * Someone else (cert-manager, an operator, local mode) writes PEM files; Valet serves them and
   * follows them changing on disk. Valet rotates nothing.
   */
  FILES
}
