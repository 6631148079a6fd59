package dev.valet.webhook.e2e;

import dev.valet.allocator.crypto.MasterKey;
import dev.valet.allocator.testing.TestDatabase;
import dev.valet.webhook.ValetLabels;
import dev.valet.webhook.testing.AdmissionClient;
import dev.valet.webhook.testing.CloseAll;
import dev.valet.webhook.testing.DesignInvariants;
import dev.valet.webhook.testing.KubeApiServer;
import dev.valet.webhook.testing.LeaseTable;
import dev.valet.webhook.testing.TestNamespaces;
import dev.valet.webhook.testing.TestTls;
import dev.valet.webhook.testing.ValetProcess;
import dev.valet.webhook.testing.WebhookProbe;
import dev.valet.webhook.testing.WebhookRegistration;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The world of the tests that run Valet as a process of its own: a real API server, Valet's own
 * namespace, a database and master key that outlive any one process, a serving certificate and a
 * configuration file, the webhook configuration aimed at Valet's fixed port, and namespaces of this
 * run. Each process started here reads the same files, as a restarted container would.
 */
final class ProcessCluster implements AutoCloseable {
  static final String POOL = "faults";

  private static final Duration SEEN_TIMEOUT = Duration.ofSeconds(30);

  private final Path kubeconfig;
  private final KubernetesClient client;
  private final String run;
  private final Map<String, String> runLabels;
  private final String valetNamespace;
  private final TestNamespaces namespaces;
  private final TestDatabase database;
  private final Path directory;
  private final List<ValetProcess> processes = new ArrayList<>();
  private TestTls tls;
  private Path config;
  private int port;
  private LeaseTable leases;
  private DesignInvariants invariants;
  private WebhookRegistration webhook;

  /**
   * How Valet is configured here: its reconciler's pace and its one pool's quarantine.
   *
   * @param pendingGrace how long a pending lease waits for its pod
   * @param quarantine how long a released key stays idle
   * @param maxKeys the pool's cap on keys
   */
  record Settings(Duration pendingGrace, Duration quarantine, int maxKeys) {}

  private ProcessCluster(
      Path kubeconfig, KubernetesClient client, String run, TestDatabase database, Path directory) {
    this.kubeconfig = kubeconfig;
    this.client = client;
    this.run = run;
    this.runLabels = Map.of("e2e.valet.dev/run", run);
    this.valetNamespace = "valet-system-" + run;
    this.namespaces = new TestNamespaces(client, runLabels);
    this.database = database;
    this.directory = directory;
  }

  /**
   * Writes Valet's files and starts its first process, with the webhook aimed at it; skips the test
   * class without an API server.
   */
  static ProcessCluster start(Settings settings, List<String> jvmOptions) throws Exception {
    Path kubeconfig = KubeApiServer.kubeconfig();
    String run = "pc-" + TestNamespaces.uniqueSuffix();
    KubernetesClient client = KubeApiServer.client(kubeconfig);
    ProcessCluster cluster =
        new ProcessCluster(
            kubeconfig,
            client,
            run,
            TestDatabase.create(),
            Files.createTempDirectory("valet-process-"));
    try {
      cluster.namespaces.createNamed(cluster.valetNamespace, Map.of());
      cluster.writeFiles(settings);
      cluster.startProcess(jvmOptions);
      cluster.webhook =
          WebhookRegistration.register(
              client,
              "valet-" + run,
              cluster.port,
              cluster.tls.caPem(),
              cluster.valetNamespace,
              cluster.runLabels);
      cluster.leases = LeaseTable.open(cluster.database);
      cluster.invariants = DesignInvariants.open(cluster.database, client);
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  private void writeFiles(Settings settings) throws IOException {
    Path masterKey = directory.resolve("master.key");
    MasterKey.generate(new SecureRandom()).writeNew(masterKey);
    tls = TestTls.forLoopback(directory.resolve("tls"));
    port = ValetProcess.freePort();
    config = directory.resolve("valet.yaml");
    String yaml =
        """
        namespace: %s
        database:
          url: %s
          statementTimeout: 3s
        masterKeyFile: %s
        webhook:
          host: 127.0.0.1
          port: %d
          tlsCertFile: %s
          tlsKeyFile: %s
        admin:
          host: 127.0.0.1
          port: 0
        lifecycle:
          pendingGrace: %dms
          resyncInterval: 2s
          pendingCheckInterval: 1s
        pools:
          - name: %s
            network: hoodi
            kdf: pbkdf2
            maxKeys: %d
            maxNewKeysPerHour: %d
            quarantine: %dms
        """
            .formatted(
                valetNamespace,
                database.url(),
                masterKey,
                port,
                tls.certFile(),
                tls.keyFile(),
                settings.pendingGrace().toMillis(),
                POOL,
                settings.maxKeys(),
                settings.maxKeys(),
                settings.quarantine().toMillis());
    Files.writeString(config, yaml, StandardCharsets.UTF_8);
  }

  /** Starts another Valet process on the same files and port; returns once it is ready. */
  ValetProcess startProcess(List<String> jvmOptions) throws Exception {
    Path log = directory.resolve("valet-" + processes.size() + ".log");
    ValetProcess process =
        ValetProcess.start(config, kubeconfig, port, tls.caPem(), log, jvmOptions);
    processes.add(process);
    return process;
  }

  /** The process started last. */
  ValetProcess current() {
    return processes.getLast();
  }

  /** A client of Valet's {@code /mutate}, trusting its CA. */
  AdmissionClient admissionClient() throws Exception {
    Path ca = directory.resolve("tls").resolve("ca.crt");
    if (!Files.exists(ca)) {
      Files.writeString(ca, tls.caPem(), StandardCharsets.US_ASCII);
    }
    return new AdmissionClient(port, ca);
  }

  KubernetesClient client() {
    return client;
  }

  LeaseTable leases() {
    return leases;
  }

  DesignInvariants invariants() {
    return invariants;
  }

  String valetNamespace() {
    return valetNamespace;
  }

  /** A new namespace labelled with the pool, once the webhook answers for it. */
  String namespaceInPool() {
    String namespace = namespaces.create("validators", Map.of(ValetLabels.POOL, POOL));
    WebhookProbe.awaitServing(client, namespace, SEEN_TIMEOUT);
    return namespace;
  }

  /** Creates a validator pod named {@code name} through the API server; returns it as stored. */
  Pod createValidator(String namespace, String name) {
    return client
        .pods()
        .inNamespace(namespace)
        .resource(ValidatorPods.validator(name).build())
        .create();
  }

  /** The pod as stored now, or null. */
  Pod pod(String namespace, String name) {
    return client.pods().inNamespace(namespace).withName(name).get();
  }

  /** Deletes the pod; a pod no node runs goes at once. */
  void delete(String namespace, String name) {
    client.pods().inNamespace(namespace).withName(name).delete();
  }

  /** What every process started here printed, for a failure message. */
  String output() {
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < processes.size(); i++) {
      all.append("---- process ").append(i).append('\n').append(processes.get(i).output());
    }
    return all.toString();
  }

  @Override
  public void close() {
    List<AutoCloseable> resources = new ArrayList<>();
    if (invariants != null) {
      resources.add(invariants);
    }
    if (leases != null) {
      resources.add(leases);
    }
    if (webhook != null) {
      resources.add(webhook);
    }
    resources.addAll(processes.reversed());
    resources.add(namespaces);
    resources.add(database);
    resources.add(client);
    resources.add(() -> deleteRecursively(directory));
    CloseAll.closeAll("the process test", resources);
  }

  private static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  @Override
  public String toString() {
    return "ProcessCluster " + run;
  }
}
