package dev.valet.webhook.namespace;

import io.vertx.core.Future;
import java.util.Map;

/** Local mode: namespaces and their pools come from the command line. */
public final class StaticNamespacePools implements NamespacePools {
  private final Map<String, String> pools;

  public StaticNamespacePools(Map<String, String> poolsByNamespace) {
    this.pools = Map.copyOf(poolsByNamespace);
  }

  @Override
  public Future<Lookup> lookup(String namespace) {
    String pool = pools.get(namespace);
    return Future.succeededFuture(
        pool == null ? new Lookup.NotOptedIn() : new Lookup.OptedIn(pool));
  }

  @Override
  public boolean ready() {
    return true;
  }
}
