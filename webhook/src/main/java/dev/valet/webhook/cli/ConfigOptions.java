package dev.valet.webhook.cli;

import dev.valet.allocator.store.DatabaseSettings;
import dev.valet.webhook.config.ConfigException;
import dev.valet.webhook.config.ConfigFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where Valet's configuration, database and cluster are: the options every command that reads them
 * shares, so that {@code valet leases} finds what {@code valet serve} uses from the same flags.
 */
public final class ConfigOptions {

  @Option(names = "--config", description = "The configuration file (YAML).")
  Path config;

  @Option(
      names = "--local",
      description = "Local mode: no cluster; Secrets are files under --data-dir.")
  boolean local;

  @Option(
      names = "--data-dir",
      defaultValue = "valet-data",
      description = "Local mode: where the database, master key, TLS files and Secrets live.")
  Path dataDir;

  @Option(names = "--database-url", description = "postgresql://user@host:port/database")
  String databaseUrl;

  @Option(names = "--database-password-file", description = "A file holding the database password.")
  Path databasePasswordFile;

  @Option(
      names = "--kubeconfig",
      description =
          "The kubeconfig file that reaches the cluster (default: KUBECONFIG, ~/.kube/config, then"
              + " the pod's service account).")
  Path kubeconfig;

  /** What the configuration file says, or nothing without one. */
  ConfigFile.Contents file() {
    return config == null ? ConfigFile.Contents.empty() : ConfigFile.read(config);
  }

  /** The database: the flags over the file; empty when neither names one. */
  Optional<DatabaseSettings> database(ConfigFile.Contents file) {
    if (databaseUrl == null) {
      return file.database();
    }
    DatabaseSettings settings = DatabaseSettings.of(databaseUrl);
    return Optional.of(
        databasePasswordFile == null
            ? settings
            : settings.withPassword(read(databasePasswordFile)));
  }

  boolean local() {
    return local;
  }

  Path dataDirectory() {
    return dataDir.toAbsolutePath();
  }

  Optional<Path> kubeconfig() {
    return Optional.ofNullable(kubeconfig).map(Path::toAbsolutePath);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new ConfigException(
          "--database-password-file: cannot read " + file + ": " + e.getMessage());
    }
  }
}
