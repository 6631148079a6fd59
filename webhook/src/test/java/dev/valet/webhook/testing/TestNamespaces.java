package dev.valet.webhook.testing;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Namespaces a test creates, each with a unique name and the labels it asks for plus this run's
 * own, and removes again: its pods and Secrets first, then the namespace itself, finalized here
 * because a bare API server has no namespace controller to do it.
 */
public final class TestNamespaces implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KubernetesClient client;
  private final Map<String, String> runLabels;
  private final List<String> created = new ArrayList<>();

  /**
   * @param runLabels labels every namespace of this run carries, on top of its own
   */
  public TestNamespaces(KubernetesClient client, Map<String, String> runLabels) {
    this.client = client;
    this.runLabels = Map.copyOf(runLabels);
  }

  /** A new, unused lower-case suffix for names of this run. */
  public static String uniqueSuffix() {
    byte[] bytes = new byte[4];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Creates {@code <prefix>-<random>} with {@code labels}; returns its name. */
  public String create(String prefix, Map<String, String> labels) {
    return createNamed(prefix + "-" + uniqueSuffix(), labels);
  }

  /** Creates the namespace {@code name} with {@code labels}; returns its name. */
  public String createNamed(String name, Map<String, String> labels) {
    Map<String, String> all = new LinkedHashMap<>(labels);
    all.putAll(runLabels);
    Namespace namespace =
        new NamespaceBuilder()
            .withNewMetadata()
            .withName(name)
            .withLabels(all)
            .endMetadata()
            .build();
    client.namespaces().resource(namespace).create();
    created.add(name);
    return name;
  }

  /** Adds {@code labels} to the namespace {@code name}; returns its name. */
  public String label(String name, Map<String, String> labels) {
    client
        .namespaces()
        .withName(name)
        .edit(
            namespace -> {
              namespace.getMetadata().getLabels().putAll(labels);
              return namespace;
            });
    return name;
  }

  @Override
  public void close() {
    for (String name : created) {
      client.pods().inNamespace(name).withGracePeriod(0).delete();
      client.secrets().inNamespace(name).delete();
      client.namespaces().withName(name).delete();
      finalizeDeleted(name);
    }
    created.clear();
  }

  /** Does the namespace controller's last step: drops the finalizer so the namespace goes. */
  private void finalizeDeleted(String name) {
    Map<String, Object> finalized =
        Map.of(
            "apiVersion",
            "v1",
            "kind",
            "Namespace",
            "metadata",
            Map.of("name", name),
            "spec",
            Map.of("finalizers", List.of()));
    try {
      client.raw(
          client.getMasterUrl() + "api/v1/namespaces/" + name + "/finalize", "PUT", finalized);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }
}
