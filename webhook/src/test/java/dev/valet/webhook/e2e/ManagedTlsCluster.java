package dev.valet.webhook.e2e;

import dev.valet.allocator.crypto.MasterKey;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.testing.TestDatabase;
import dev.valet.certs.Pem;
import dev.valet.certs.TlsMaterial;
import dev.valet.webhook.ValetLabels;
import dev.valet.webhook.app.ValetApp;
import dev.valet.webhook.config.ConfigFile;
import dev.valet.webhook.config.Durations;
import dev.valet.webhook.config.ValetConfig;
import dev.valet.webhook.lease.ReconcilerSettings;
import dev.valet.webhook.testing.CloseAll;
import dev.valet.webhook.testing.Eventually;
import dev.valet.webhook.testing.KeepAliveConnection;
import dev.valet.webhook.testing.KubeApiServer;
import dev.valet.webhook.testing.TestNamespaces;
import dev.valet.webhook.testing.TlsClient;
import dev.valet.webhook.testing.ValetServiceAccount;
import dev.valet.webhook.testing.WebhookRegistration;
import dev.valet.webhook.tls.ManagedTlsSettings;
import dev.valet.webhook.tls.TlsMode;
import dev.valet.webhook.tls.TlsSecretStore;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real API server with a fresh deployment of Valet in managed TLS mode, as the manifests make it:
 * Valet's namespace, its ServiceAccount with the shipped RBAC (which {@code valet serve} and {@code
 * valet certs} run as), and its webhook configuration with an empty caBundle aimed at a port on
 * 127.0.0.1. Nothing holds a certificate until {@code valet certs} runs ({@link #certs}) or Valet
 * starts ({@link #startValet}). Namespaces, the configuration, Valet and its database go on {@link
 * #close}.
 */
final class ManagedTlsCluster implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Path kubeconfig;
  private final KubernetesClient client;
  private final TestNamespaces namespaces;
  private final String valetNamespace;
  private final ManagedTlsSettings tls;
  private final int port;
  private final Path directory;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private ValetApp valet;

  private ManagedTlsCluster(
      Path kubeconfig,
      KubernetesClient client,
      TestNamespaces namespaces,
      String valetNamespace,
      ManagedTlsSettings tls,
      int port,
      Path directory) {
    this.kubeconfig = kubeconfig;
    this.client = client;
    this.namespaces = namespaces;
    this.valetNamespace = valetNamespace;
    this.tls = tls;
    this.port = port;
    this.directory = directory;
  }

  /**
   * Makes Valet's namespace and webhook configuration; skips the test without an API server.
   *
   * @param tls the managed settings, but for the configuration's name and 127.0.0.1 among the
   *     names, which this adds
   */
  static ManagedTlsCluster create(ManagedTlsSettings tls) throws Exception {
    Path kubeconfig = KubeApiServer.kubeconfig();
    String run = "tls-" + TestNamespaces.uniqueSuffix();
    Map<String, String> runLabels = Map.of("e2e.valet.dev/run", run);
    KubernetesClient client = KubeApiServer.client(kubeconfig);
    TestNamespaces namespaces = new TestNamespaces(client, runLabels);
    ManagedTlsSettings settings =
        new ManagedTlsSettings(
            tls.secretName(),
            tls.serviceName(),
            "valet-" + run,
            List.of("127.0.0.1"),
            tls.policy(),
            tls.rotationInterval());
    String valetNamespace = namespaces.createNamed("valet-system-" + run, Map.of());
    // valet serve and valet certs run as Valet's ServiceAccount with the RBAC of manifests/base.
    ValetServiceAccount account;
    try {
      account =
          ValetServiceAccount.grant(
              client,
              valetNamespace,
              "valet-" + run,
              settings.webhookConfiguration(),
              settings.secretName());
    } catch (Exception | Error e) {
      namespaces.close();
      client.close();
      throw e;
    }
    int port = freePort();
    ManagedTlsCluster cluster =
        new ManagedTlsCluster(
            account.kubeconfig(),
            client,
            namespaces,
            valetNamespace,
            settings,
            port,
            Files.createTempDirectory("valet-tls-e2e-"));
    cluster.resources.add(client);
    cluster.resources.add(namespaces);
    cluster.resources.add(account);
    cluster.resources.add(
        WebhookRegistration.register(
            client, settings.webhookConfiguration(), port, "", valetNamespace, runLabels));
    return cluster;
  }

  KubernetesClient client() {
    return client;
  }

  ManagedTlsSettings tls() {
    return tls;
  }

  /** The configuration file {@code valet certs} and {@code valet serve} would be given. */
  Path configFile() throws IOException {
    Path file = directory.resolve("valet.yaml");
    var policy = tls.policy();
    Files.writeString(
        file,
        String.join(
            "\n",
            "namespace: " + valetNamespace,
            "webhook:",
            "  tls:",
            "    mode: managed",
            "    secretName: " + tls.secretName(),
            "    serviceName: " + tls.serviceName(),
            "    webhookConfiguration: " + tls.webhookConfiguration(),
            "    extraNames: [127.0.0.1]",
            "    leafLifetime: " + Durations.format(policy.leafLifetime()),
            "    leafRenewalFraction: " + policy.leafRenewalFraction(),
            "    caLifetime: " + Durations.format(policy.caLifetime()),
            "    caRenewBefore: " + Durations.format(policy.caRenewBefore()),
            "    caOverlap: " + Durations.format(policy.caOverlap()),
            "    rotationInterval: " + Durations.format(tls.rotationInterval()),
            ""));
    return file;
  }

  /** Runs {@code valet certs} with these flags in this JVM, through picocli. */
  CertsRun certs(String... flags) throws IOException {
    List<String> args = new ArrayList<>(List.of("certs", "--config", configFile().toString()));
    args.addAll(List.of("--kubeconfig", kubeconfig.toString()));
    args.addAll(List.of(flags));
    return CertsRun.of(args);
  }

  /** Starts Valet as {@code valet serve} in managed mode; returns once it reports ready. */
  void startValet(PoolSettings pool) throws Exception {
    TestDatabase database = TestDatabase.create();
    resources.add(database);
    Path masterKey = directory.resolve("master.key");
    MasterKey.generate(new SecureRandom()).writeNew(masterKey);
    ValetConfig config =
        new ValetConfig(
            valetNamespace,
            Optional.of(database.settings()),
            masterKey,
            new ValetConfig.Webhook(
                "127.0.0.1",
                port,
                Optional.empty(),
                Optional.empty(),
                ConfigFile.DEFAULT_ADMISSION_DEADLINE,
                Optional.of(TlsMode.MANAGED),
                tls),
            List.of(pool),
            Optional.empty(),
            Optional.of(kubeconfig),
            ReconcilerSettings.defaults());
    valet = ValetApp.start(config);
    Eventually.await("Valet to report ready", READY_TIMEOUT, this::ready);
  }

  /** The webhook's port on 127.0.0.1. */
  int port() {
    return port;
  }

  /** What the TLS Secret holds now. */
  TlsMaterial stored() {
    return new TlsSecretStore(client, valetNamespace, tls.secretName())
        .read()
        .orElseThrow()
        .material();
  }

  /** The caBundle of each webhook of the configuration, base64 as stored. */
  List<String> caBundles() {
    return client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName(tls.webhookConfiguration())
        .get()
        .getWebhooks()
        .stream()
        .map(webhook -> webhook.getClientConfig().getCaBundle())
        .toList();
  }

  /** The CAs the webhook configuration's (first) caBundle holds now. */
  List<X509Certificate> publishedCaBundle() {
    String caBundle = caBundles().getFirst();
    return Pem.readCertificates(
        new String(Base64.getDecoder().decode(caBundle), StandardCharsets.US_ASCII), "caBundle");
  }

  /** A new namespace in {@code pool}, once Valet's webhook answers for it. */
  String namespaceInPool(String pool) {
    String namespace = namespaces.create("validators", Map.of(ValetLabels.POOL, pool));
    Pod probe =
        ValidatorPods.validator("probe")
            .editMetadata()
            .addToLabels(ValetLabels.LEASE, "probe")
            .endMetadata()
            .build();
    Eventually.await(
        "Valet's webhook to answer for namespace " + namespace,
        Duration.ofSeconds(30),
        () -> {
          try {
            client.pods().inNamespace(namespace).resource(probe).dryRun().create();
            return false;
          } catch (KubernetesClientException e) {
            return String.valueOf(e.getMessage()).contains("denied the request");
          }
        });
    return namespace;
  }

  /** Creates the validator pod {@code name} through the API server; returns it as stored. */
  Pod createValidator(String namespace, String name) {
    return client
        .pods()
        .inNamespace(namespace)
        .resource(ValidatorPods.validator(name).build())
        .create();
  }

  private boolean ready() {
    try (KeepAliveConnection probe =
        new KeepAliveConnection(TlsClient.connectTrustingAnything(port))) {
      return probe.get("/readyz").startsWith("200");
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    if (valet != null) {
      valet.close();
    }
    try {
      CloseAll.closeAll("the TLS test", resources.reversed());
    } finally {
      try (Stream<Path> paths = Files.walk(directory)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
