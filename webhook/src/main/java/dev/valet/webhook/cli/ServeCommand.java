package dev.valet.webhook.cli;

import dev.valet.allocator.deposit.Network;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.store.DatabaseSettings;
import dev.valet.webhook.app.ValetApp;
import dev.valet.webhook.config.ConfigException;
import dev.valet.webhook.config.ConfigFile;
import dev.valet.webhook.config.Durations;
import dev.valet.webhook.config.ValetConfig;
import dev.valet.webhook.server.WebhookServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code valet serve}: runs the admission webhook until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the admission webhook.",
      "With --local: no cluster; an embedded Postgres unless --database-url is given, pools and"
          + " namespaces from flags, Secrets written as files under --data-dir."
    })
public final class ServeCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;

  @Option(
      names = "--master-key-file",
      description = "The master key file (32 bytes, hex or base64).")
  Path masterKeyFile;

  @Option(
      names = "--namespace",
      paramLabel = "NAMESPACE=POOL",
      description = "Local mode: a namespace that opted in, and its pool (repeatable).")
  Map<String, String> namespaces;

  @Option(
      names = "--pool",
      description = "Local mode: the pool to define when the configuration defines none.")
  String pool;

  @Option(names = "--max-keys", description = "Local mode: maxKeys of that pool.")
  Integer maxKeys;

  @Option(names = "--kdf", description = "Local mode: scrypt or pbkdf2 for new keystores.")
  String kdf;

  @Option(
      names = "--quarantine",
      description = "Local mode: how long released keys stay idle (768s).")
  String quarantine;

  @Option(
      names = "--mnemonic-file",
      description = "Local mode: derive the pool's keys from these BIP-39 words.")
  Path mnemonicFile;

  @Option(
      names = "--network",
      description = "Local mode: the pool's network preset (mainnet, sepolia, holesky, hoodi).")
  String network;

  @Option(names = "--host", description = "The address to listen on (local mode: 127.0.0.1).")
  String host;

  @Option(names = "--port", description = "The HTTPS port of the webhook (8443).")
  Integer port;

  @Option(
      names = "--tls-cert",
      description =
          "The serving certificate chain, PEM (file mode: followed as it changes on disk). Without"
              + " it, in a cluster, Valet manages the certificate itself.")
  Path tlsCert;

  @Option(names = "--tls-key", description = "The serving certificate's private key, PEM.")
  Path tlsKey;

  @Option(names = "--admin-port", description = "The port of the admin endpoint (8081).")
  Integer adminPort;

  @Override
  public Integer call() throws Exception {
    ValetConfig valet = toConfig();
    CountDownLatch stopped = new CountDownLatch(1);
    ValetApp app = ValetApp.start(valet);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  stopped.countDown();
                },
                "valet-shutdown"));
    stopped.await();
    return 0;
  }

  /** The configuration from the file, with flags on top. */
  ValetConfig toConfig() {
    ConfigFile.Contents file = options.file();
    Optional<DatabaseSettings> database = options.database(file);
    boolean local = options.local();
    Path dataDirectory = options.dataDirectory();
    Path masterKey =
        Optional.ofNullable(masterKeyFile)
            .or(file::masterKeyFile)
            .orElse(
                local ? dataDirectory.resolve("master.key") : ConfigFile.DEFAULT_MASTER_KEY_FILE);
    List<PoolSettings> pools = file.pools().isEmpty() ? List.of(localPool()) : file.pools();
    if (!file.pools().isEmpty() && pool != null) {
      throw new ConfigException(
          "--pool defines a pool, but the configuration file defines the pools already");
    }
    ValetConfig.Webhook webhook =
        new ValetConfig.Webhook(
            Optional.ofNullable(host).or(file::host).orElse(local ? "127.0.0.1" : "0.0.0.0"),
            Optional.ofNullable(port).or(file::port).orElse(WebhookServer.DEFAULT_PORT),
            Optional.ofNullable(tlsCert).or(file::tlsCertFile),
            Optional.ofNullable(tlsKey).or(file::tlsKeyFile),
            file.admissionDeadline(),
            file.tlsMode(),
            file.managedTls());
    Optional<ValetConfig.Local> localMode = Optional.empty();
    if (local) {
      Map<String, String> optedIn =
          namespaces == null || namespaces.isEmpty()
              ? Map.of("validators", pools.getFirst().name())
              : new LinkedHashMap<>(namespaces);
      localMode = Optional.of(new ValetConfig.Local(dataDirectory, optedIn));
    } else if (namespaces != null) {
      throw new ConfigException(
          "--namespace is for local mode; in a cluster, label the namespace valet.dev/pool=<pool>");
    }
    String ownNamespace = ownNamespace(file);
    return new ValetConfig(
            ownNamespace,
            database,
            masterKey,
            webhook,
            pools,
            localMode,
            options.kubeconfig(),
            file.lifecycle())
        .withAdmin(adminPort == null ? file.admin() : file.admin().withPort(adminPort));
  }

  /** Valet's own namespace: from the file, else $POD_NAMESPACE, else valet-system. */
  static String ownNamespace(ConfigFile.Contents file) {
    return file.namespace()
        .or(() -> Optional.ofNullable(System.getenv("POD_NAMESPACE")))
        .orElse("valet-system");
  }

  private PoolSettings localPool() {
    PoolSettings settings = PoolSettings.defaults(pool == null ? "local" : pool);
    if (maxKeys != null) {
      settings = settings.withMaxKeys(maxKeys);
    }
    if (kdf != null) {
      String name = kdf.toUpperCase(Locale.ROOT);
      if (!name.equals("SCRYPT") && !name.equals("PBKDF2")) {
        throw new ConfigException("--kdf must be scrypt or pbkdf2");
      }
      settings = settings.withKdf(PoolSettings.Kdf.valueOf(name));
    }
    if (quarantine != null) {
      settings = settings.withQuarantine(Durations.parse(quarantine, "--quarantine"));
    }
    if (mnemonicFile != null) {
      settings = settings.withMnemonicFile(mnemonicFile);
    }
    if (network != null) {
      String name = network;
      settings =
          settings.withNetwork(
              Network.preset(name)
                  .orElseThrow(
                      () ->
                          new ConfigException(
                              "--network '"
                                  + name
                                  + "' is not a preset: use mainnet, sepolia,"
                                  + " holesky or hoodi, or define the pool in a configuration file")));
    }
    return settings;
  }
}
