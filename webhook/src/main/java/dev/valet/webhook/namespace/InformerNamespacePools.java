package dev.valet.webhook.namespace;

import dev.valet.webhook.ValetLabels;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;

/**
 * Reads namespace labels from an informer cache of the namespaces that carry the pool label, so an
 * admission never waits for an API call and never trusts what the pod says about its pool.
 */
public final class InformerNamespacePools implements NamespacePools, AutoCloseable {
  private final SharedIndexInformer<Namespace> informer;

  private InformerNamespacePools(SharedIndexInformer<Namespace> informer) {
    this.informer = informer;
  }

  /** Starts the informer; lookups answer NotReady until it has synced. */
  public static InformerNamespacePools start(KubernetesClient client) {
    SharedIndexInformer<Namespace> informer =
        client.namespaces().withLabel(ValetLabels.POOL).runnableInformer(0);
    informer.start();
    return new InformerNamespacePools(informer);
  }

  @Override
  public Lookup lookup(String namespace) {
    if (!informer.hasSynced()) {
      return new Lookup.NotReady();
    }
    Namespace cached = informer.getStore().getByKey(namespace);
    if (cached == null) {
      return new Lookup.NotOptedIn();
    }
    Map<String, String> labels = cached.getMetadata().getLabels();
    String pool = labels == null ? null : labels.get(ValetLabels.POOL);
    return pool == null || pool.isEmpty() ? new Lookup.NotOptedIn() : new Lookup.OptedIn(pool);
  }

  @Override
  public boolean ready() {
    return informer.hasSynced();
  }

  @Override
  public void close() {
    informer.close();
  }
}
