package dev.valet.webhook.config;

import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.store.DatabaseSettings;
import dev.valet.webhook.admin.AdminSettings;
import dev.valet.webhook.lease.ReconcilerSettings;
import dev.valet.webhook.tls.ManagedTlsSettings;
import dev.valet.webhook.tls.TlsMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads {@code valet.yaml}. Every error names the setting and says what is allowed. */
public final class ConfigFile {
  public static final Path DEFAULT_MASTER_KEY_FILE = Path.of("/etc/valet/master-key/master.key");
  public static final Duration DEFAULT_ADMISSION_DEADLINE = Duration.ofSeconds(8);

  private ConfigFile() {}

  /** What the file says; command-line flags are applied on top by the caller. */
  public record Contents(
      Optional<String> namespace,
      Optional<DatabaseSettings> database,
      Optional<Path> masterKeyFile,
      Optional<String> host,
      Optional<Integer> port,
      Optional<Path> tlsCertFile,
      Optional<Path> tlsKeyFile,
      Duration admissionDeadline,
      List<PoolSettings> pools,
      ReconcilerSettings lifecycle,
      Optional<TlsMode> tlsMode,
      ManagedTlsSettings managedTls,
      AdminSettings admin) {

    public static Contents empty() {
      return new Contents(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          DEFAULT_ADMISSION_DEADLINE,
          List.of(),
          ReconcilerSettings.defaults(),
          Optional.empty(),
          ManagedTlsSettings.defaults(),
          AdminSettings.defaults());
    }
  }

  public static Contents read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(
          "cannot read the configuration file " + file + ": " + e.getMessage());
    }
    return parse(text);
  }

  static Contents parse(String yaml) {
    Object document;
    try {
      document = new YAMLMapper().readValue(yaml, Object.class);
    } catch (JacksonException e) {
      throw new ConfigException(
          "the configuration file is not valid YAML: " + e.getOriginalMessage());
    }
    Section root = Section.root(document);
    Optional<String> namespace = root.string("namespace");
    Optional<DatabaseSettings> database = root.section("database").map(ConfigFile::database);
    Optional<Path> masterKeyFile = root.path("masterKeyFile");
    Optional<Section> webhook = root.section("webhook");
    ReconcilerSettings lifecycle =
        root.section("lifecycle").map(ConfigFile::lifecycle).orElse(ReconcilerSettings.defaults());
    AdminSettings admin =
        root.section("admin").map(AdminSection::read).orElse(AdminSettings.defaults());
    List<PoolSettings> pools = new ArrayList<>();
    for (Section pool : root.list("pools")) {
      pools.add(pool(pool));
    }
    root.finish();
    Section server = webhook.orElseGet(() -> Section.root(null));
    Optional<Section> tls = server.section("tls");
    Contents contents =
        new Contents(
            namespace,
            database,
            masterKeyFile,
            server.string("host"),
            server.optionalInteger("port"),
            server.path("tlsCertFile"),
            server.path("tlsKeyFile"),
            server.duration("admissionDeadline", DEFAULT_ADMISSION_DEADLINE),
            pools,
            lifecycle,
            tls.flatMap(TlsSettingsReader::mode),
            tls.map(TlsSettingsReader::managed).orElseGet(ManagedTlsSettings::defaults),
            admin);
    tls.ifPresent(Section::finish);
    server.finish();
    return contents;
  }

  private static ReconcilerSettings lifecycle(Section section) {
    ReconcilerSettings defaults = ReconcilerSettings.defaults();
    ReconcilerSettings settings =
        new ReconcilerSettings(
            section.duration("pendingGrace", defaults.pendingGrace()),
            section.duration("resyncInterval", defaults.resyncInterval()),
            section.duration("pendingCheckInterval", defaults.pendingCheckInterval()));
    section.finish();
    return settings;
  }

  private static DatabaseSettings database(Section section) {
    String url =
        section
            .string("url")
            .orElseThrow(() -> new ConfigException(section.name("url") + " is required"));
    Optional<String> password = section.path("passwordFile").map(ConfigFile::readPassword);
    DatabaseSettings defaults = DatabaseSettings.of(url);
    DatabaseSettings settings =
        new DatabaseSettings(
            url,
            password,
            section.integer("poolSize", defaults.poolSize()),
            section.integer("maxWaitQueue", defaults.maxWaitQueue()),
            section.duration("statementTimeout", defaults.statementTimeout()),
            section.duration("connectTimeout", defaults.connectTimeout()));
    section.finish();
    return settings;
  }

  private static String readPassword(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new ConfigException(
          "database.passwordFile: cannot read " + file + ": " + e.getMessage());
    }
  }

  private static PoolSettings pool(Section section) {
    String name =
        section
            .string("name")
            .orElseThrow(() -> new ConfigException(section.name("name") + " is required"));
    PoolSettings defaults = PoolSettings.defaults(name);
    String kdf = section.string("kdf").orElse("scrypt").toUpperCase(Locale.ROOT);
    if (!kdf.equals("SCRYPT") && !kdf.equals("PBKDF2")) {
      throw new ConfigException(section.name("kdf") + " must be scrypt or pbkdf2");
    }
    try {
      PoolSettings pool =
          new PoolSettings(
              name,
              section.integer("maxKeys", defaults.maxKeys()),
              section.integer("maxNewKeysPerHour", defaults.maxNewKeysPerHour()),
              section.integer("maxKeysPerPod", defaults.maxKeysPerPod()),
              section.duration("quarantine", defaults.quarantine()),
              PoolSettings.Kdf.valueOf(kdf),
              section.path("mnemonicFile"),
              NetworkSetting.read(section),
              DepositSetting.read(section));
      section.finish();
      return pool;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }
}
