package dev.valet.webhook.config;

import dev.valet.certs.RotationPolicy;
import dev.valet.webhook.tls.ManagedTlsSettings;
import dev.valet.webhook.tls.TlsMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the {@code webhook.tls} section: the mode, and what managed mode needs.
 *
 * <pre>
 * tls:
 *   mode: managed                 # or files; default: files when tlsCertFile is given
 *   secretName: valet-webhook-tls
 *   serviceName: valet-webhook
 *   webhookConfiguration: valet
 *   extraNames: [valet-webhook.valet-system.svc.cluster.local]
 *   leafLifetime: 30d
 *   leafRenewalFraction: 0.333    # renew with this fraction of the validity left
 *   caLifetime: 3650d
 *   caRenewBefore: 90d
 *   caOverlap: 10m
 *   rotationInterval: 1m
 * </pre>
 */
final class TlsSettingsReader {
  private TlsSettingsReader() {}

  /** The mode the section names, if any. */
  static Optional<TlsMode> mode(Section section) {
    return section
        .string("mode")
        .map(
            mode ->
                switch (mode.strip().toLowerCase(Locale.ROOT)) {
                  case "managed" -> TlsMode.MANAGED;
                  case "files" -> TlsMode.FILES;
                  default ->
                      throw new ConfigException(
                          section.name("mode") + " must be managed or files; it is '" + mode + "'");
                });
  }

  /** Managed mode's settings, the defaults where the section is silent. */
  static ManagedTlsSettings managed(Section section) {
    ManagedTlsSettings defaults = ManagedTlsSettings.defaults();
    RotationPolicy policy = defaults.policy();
    String secretName = section.string("secretName").orElse(defaults.secretName());
    String serviceName = section.string("serviceName").orElse(defaults.serviceName());
    String configuration =
        section.string("webhookConfiguration").orElse(defaults.webhookConfiguration());
    var extraNames = section.strings("extraNames");
    Duration leafLifetime = positive(section, "leafLifetime", policy.leafLifetime());
    double fraction = fraction(section, "leafRenewalFraction", policy.leafRenewalFraction());
    Duration caLifetime = positive(section, "caLifetime", policy.caLifetime());
    Duration caRenewBefore = positive(section, "caRenewBefore", policy.caRenewBefore());
    Duration caOverlap = section.duration("caOverlap", policy.caOverlap());
    Duration interval = section.duration("rotationInterval", defaults.rotationInterval());
    try {
      return new ManagedTlsSettings(
          secretName,
          serviceName,
          configuration,
          extraNames,
          new RotationPolicy(leafLifetime, fraction, caLifetime, caRenewBefore, caOverlap),
          interval);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      throw new ConfigException(
          message.startsWith("webhook.tls") ? message : "webhook.tls: " + message);
    }
  }

  private static Duration positive(Section section, String key, Duration fallback) {
    Duration value = section.duration(key, fallback);
    if (value.isZero()) {
      throw new ConfigException(section.name(key) + " must be longer than 0s");
    }
    return value;
  }

  private static double fraction(Section section, String key, double fallback) {
    Optional<String> text = section.string(key);
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      double value = Double.parseDouble(text.get().strip());
      if (value > 0 && value < 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, with what is allowed
    }
    throw new ConfigException(
        section.name(key)
            + " must be a number between 0 and 1, such as 0.33; it is '"
            + text.get()
            + "'");
  }
}
