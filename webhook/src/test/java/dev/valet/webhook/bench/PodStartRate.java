package dev.valet.webhook.bench;

import dev.valet.webhook.ValetLabels;
import dev.valet.webhook.testing.TestNamespaces;
import dev.valet.webhook.testing.WebhookProbe;
import dev.valet.webhook.testing.WebhookRegistration;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Pods per second created through a real kube-apiserver, first with no webhook registered and then
 * with Valet's, in one namespace of this run that opted in to the benchmark's pool. With the
 * webhook every pod gets a key (Valet's reuse path); without it the API server stores the same pods
 * untouched. The namespace and the webhook configuration carry this run's unique names and are
 * deleted afterwards.
 */
final class PodStartRate implements AutoCloseable {
  private static final Duration PROBE_LIMIT = Duration.ofSeconds(60);

  private final KubernetesClient client;
  private final TestNamespaces namespaces;
  private final String namespace;
  private final String runSuffix;
  private final Map<String, String> runLabels;

  private PodStartRate(
      KubernetesClient client, String namespace, String runSuffix, Map<String, String> runLabels) {
    this.client = client;
    this.namespace = namespace;
    this.runSuffix = runSuffix;
    this.runLabels = runLabels;
    this.namespaces = new TestNamespaces(client, runLabels);
  }

  /** Connects and creates {@code namespace}, opted in to {@code pool}. */
  static PodStartRate open(Path kubeconfig, String namespace, String runSuffix, String pool) {
    Config config = Config.fromKubeconfig(kubeconfig.toFile());
    config.setRequestRetryBackoffLimit(0);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    Map<String, String> runLabels = Map.of("valet-bench-run", runSuffix);
    PodStartRate rate = new PodStartRate(client, namespace, runSuffix, runLabels);
    rate.namespaces.createNamed(namespace, Map.of(ValetLabels.POOL, pool));
    return rate;
  }

  /** The rate without the webhook, then with it, each over {@code count} pods. */
  record Rates(double without, double with) {}

  Rates measure(int port, Path caFile, int count, int concurrency) throws Exception {
    double without = create("plain", count, concurrency);
    String caPem = Files.readString(caFile, StandardCharsets.US_ASCII);
    WebhookRegistration registration =
        WebhookRegistration.register(
            client, "valet-bench-" + runSuffix, port, caPem, "valet-system", runLabels);
    try {
      WebhookProbe.awaitServing(client, namespace, PROBE_LIMIT);
      create("warm", Math.min(count, 50), concurrency);
      double with = create("keyed", count, concurrency);
      long leased =
          client
              .pods()
              .inNamespace(namespace)
              .withLabel(ValetLabels.LEASE)
              .list()
              .getItems()
              .size();
      if (leased < count) {
        throw new IllegalStateException(
            "only " + leased + " pods carry a lease: the webhook did not mutate every pod");
      }
      return new Rates(without, with);
    } finally {
      registration.close();
    }
  }

  /** Creates {@code count} validator pods with {@code concurrency} callers; pods per second. */
  private double create(String prefix, int count, int concurrency) throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<Pod>> created = new ArrayList<>(count);
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        Pod pod = pod(prefix + "-" + i);
        created.add(
            callers.submit(() -> client.pods().inNamespace(namespace).resource(pod).create()));
      }
      for (Future<Pod> pod : created) {
        pod.get(60, TimeUnit.SECONDS);
      }
      return count * 1e9 / (System.nanoTime() - start);
    } finally {
      callers.shutdownNow();
    }
  }

  private static Pod pod(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels(ValetLabels.VALIDATOR, "true")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("validator")
        .withImage("validator-client:bench")
        .endContainer()
        .endSpec()
        .build();
  }

  @Override
  public void close() {
    try {
      namespaces.close();
    } finally {
      client.close();
    }
  }
}
