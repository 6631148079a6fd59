package dev.valet.webhook.namespace;

import dev.valet.webhook.ValetLabels;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads namespace labels from an informer cache of the namespaces that carry the pool label, so an
 * admission rarely waits for an API call and never trusts what the pod says about its pool. The API
 * server only sends pods of labelled namespaces, so a namespace missing from the cache is usually
 * one labelled a moment ago: it is read from the API before the pod is let through without a key,
 * and an error there denies the pod rather than letting it pass.
 */
public final class InformerNamespacePools implements NamespacePools, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InformerNamespacePools.class);

  private final SharedIndexInformer<Namespace> informer;
  private final KubernetesClient client;
  private final WorkerExecutor blocking;

  private InformerNamespacePools(
      SharedIndexInformer<Namespace> informer, KubernetesClient client, WorkerExecutor blocking) {
    this.informer = informer;
    this.client = client;
    this.blocking = blocking;
  }

  /** Starts the informer; lookups answer NotReady until it has synced. */
  public static InformerNamespacePools start(KubernetesClient client, WorkerExecutor blocking) {
    SharedIndexInformer<Namespace> informer =
        client.namespaces().withLabel(ValetLabels.POOL).runnableInformer(0);
    informer.start();
    return new InformerNamespacePools(informer, client, blocking);
  }

  @Override
  public Future<Lookup> lookup(String namespace) {
    if (!informer.hasSynced()) {
      return Future.succeededFuture(new Lookup.NotReady());
    }
    Namespace cached = informer.getStore().getByKey(namespace);
    if (cached != null) {
      return Future.succeededFuture(poolOf(cached));
    }
    return blocking
        .executeBlocking(() -> client.namespaces().withName(namespace).get(), false)
        .map(live -> live == null ? (Lookup) new Lookup.NotOptedIn() : poolOf(live))
        .otherwise(
            failure -> {
              LOG.warn("Could not read namespace {}: {}", namespace, failure.toString());
              return new Lookup.NotReady();
            });
  }

  private static Lookup poolOf(Namespace namespace) {
    Map<String, String> labels = namespace.getMetadata().getLabels();
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
