package dev.valet.allocator.deposit.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** Appends deposit changes to the audit log, in the caller's transaction. */
final class DepositEvents {
  private static final String INSERT =
      "INSERT INTO events (kind, actor, pool, key_id, detail) VALUES ($1, $2, $3, $4, $5)";

  private DepositEvents() {}

  static Future<Void> append(
      SqlClient client, String kind, String actor, String pool, long keyId, JsonObject detail) {
    return client
        .preparedQuery(INSERT)
        .execute(Tuple.of(kind, actor, pool, keyId, detail))
        .mapEmpty();
  }
}
