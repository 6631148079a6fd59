package dev.valet.webhook.config;

import dev.valet.webhook.admin.AdminSettings;

/** Reads the {@code admin} section of the configuration file. */
final class AdminSection {
  private AdminSection() {}

  static AdminSettings read(Section section) {
    AdminSettings defaults = AdminSettings.defaults();
    try {
      AdminSettings settings =
          new AdminSettings(
              section.string("host"),
              section.integer("port", defaults.port()),
              section.path("tlsCertFile"),
              section.path("tlsKeyFile"),
              section.path("tokenFile"),
              section.duration("authCacheTtl", defaults.authCacheTtl()),
              section.duration("gaugeRefresh", defaults.gaugeRefresh()));
      section.finish();
      return settings;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }
}
