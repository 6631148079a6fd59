package dev.valet.webhook.tls;

import dev.valet.certs.RotationPolicy;
import dev.valet.certs.Rotator;
import dev.valet.certs.SubjectAlternativeNames;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What managed TLS needs to know: where the material lives, which names it serves and how it
 * rotates. Every message names the setting under {@code webhook.tls} that is wrong.
 *
 * @param secretName the Secret in Valet's namespace that holds the material
 * @param serviceName the Service in front of the webhook; its names go into the certificate
 * @param webhookConfiguration the MutatingWebhookConfiguration whose caBundle Valet keeps current
 * @param extraNames further DNS names or IP addresses the serving certificate carries
 * @param policy when certificates are renewed and how a CA rotation is paced
 * @param rotationInterval how often the leader checks whether anything is due
 */
public record ManagedTlsSettings(
    String secretName,
    String serviceName,
    String webhookConfiguration,
    List<String> extraNames,
    RotationPolicy policy,
    Duration rotationInterval) {

  public static final String DEFAULT_SECRET_NAME = "valet-webhook-tls";
  public static final String DEFAULT_SERVICE_NAME = "valet-webhook";
  public static final String DEFAULT_WEBHOOK_CONFIGURATION = "valet";
  public static final Duration DEFAULT_ROTATION_INTERVAL = Duration.ofMinutes(1);

  private static final Pattern SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public ManagedTlsSettings {
    extraNames = List.copyOf(extraNames);
    requireMatches("webhook.tls.secretName", secretName, SUBDOMAIN, 253);
    requireMatches("webhook.tls.serviceName", serviceName, LABEL, 63);
    requireMatches("webhook.tls.webhookConfiguration", webhookConfiguration, SUBDOMAIN, 253);
    for (String name : extraNames) {
      try {
        SubjectAlternativeNames.of(List.of(name));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("webhook.tls.extraNames: " + e.getMessage());
      }
    }
    if (rotationInterval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("webhook.tls.rotationInterval must be 1s or more");
    }
  }

  /** The defaults: Secret valet-webhook-tls, Service valet-webhook, configuration valet. */
  public static ManagedTlsSettings defaults() {
    return new ManagedTlsSettings(
        DEFAULT_SECRET_NAME,
        DEFAULT_SERVICE_NAME,
        DEFAULT_WEBHOOK_CONFIGURATION,
        List.of(),
        RotationPolicy.defaults(),
        DEFAULT_ROTATION_INTERVAL);
  }

  /**
   * The names of the serving certificate: the Service's names in {@code namespace}, then extras.
   */
  public SubjectAlternativeNames servingNames(String namespace) {
    return SubjectAlternativeNames.forService(serviceName, namespace, extraNames);
  }

  /** The rotator for a Valet running in {@code namespace}; its CAs are named after the Service. */
  public Rotator rotator(String namespace) {
    return new Rotator(policy, serviceName + "-ca", servingNames(namespace));
  }

  private static void requireMatches(String setting, String value, Pattern pattern, int maxLength) {
    if (value == null || value.length() > maxLength || !pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(
          setting
              + " must be a Kubernetes name (lower-case letters, digits, '-'"
              + (pattern == LABEL ? "" : " and '.'")
              + ", at most "
              + maxLength
              + " characters); it is '"
              + value
              + "'");
    }
  }
}
