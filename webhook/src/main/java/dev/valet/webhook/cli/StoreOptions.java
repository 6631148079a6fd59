package dev.valet.webhook.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the commands that work on the store find it: the configuration file, with overrides. */
final class StoreOptions {
  @Option(
      names = "--config",
      required = true,
      description = "The configuration file (YAML) that defines the pools and the database.")
  Path config;

  @Option(names = "--database-url", description = "postgresql://user@host:port/database")
  String databaseUrl;

  @Option(names = "--database-password-file", description = "A file holding the database password.")
  Path databasePasswordFile;

  @Option(
      names = "--master-key-file",
      description = "The master key file (default: masterKeyFile of the configuration).")
  Path masterKeyFile;
}
