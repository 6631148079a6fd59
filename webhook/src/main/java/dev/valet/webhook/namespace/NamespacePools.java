package dev.valet.webhook.namespace;

import io.vertx.core.Future;

/** Which pool a namespace opted in with, from the {@code valet.dev/pool} namespace label. */
public interface NamespacePools {

  /** The answer for one namespace. */
  sealed interface Lookup {
    /** The namespace carries the label; its value names the pool. */
    record OptedIn(String pool) implements Lookup {}

    /** The namespace carries no pool label. */
    record NotOptedIn() implements Lookup {}

    /** The namespace cache has not synced; no answer can be trusted yet. */
    record NotReady() implements Lookup {}
  }

  /** The namespace's pool; completes with NotReady rather than failing. */
  Future<Lookup> lookup(String namespace);

  /** True once lookups can be trusted. */
  boolean ready();
}
