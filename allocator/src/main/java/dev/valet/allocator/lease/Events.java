package dev.valet.allocator.lease;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** Appends to the audit log, in the caller's transaction. */
final class Events {
  private static final String INSERT =
      """
      INSERT INTO events (kind, actor, pool, lease_id, namespace, pod, detail)
      VALUES ($1, $2, $3, $4, $5, $6, $7)
      """;

  private Events() {}

  static Future<Void> append(
      SqlClient client,
      String kind,
      String actor,
      String pool,
      UUID leaseId,
      PodReference pod,
      JsonObject detail) {
    return client
        .preparedQuery(INSERT)
        .execute(
            Tuple.tuple()
                .addString(kind)
                .addString(actor)
                .addString(pool)
                .addUUID(leaseId)
                .addString(pod == null ? null : pod.namespace())
                .addString(pod == null ? null : pod.displayName())
                .addJsonObject(detail))
        .mapEmpty();
  }
}
