package dev.valet.allocator.admin;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retires keys: a retired key stays in its pool's records (and counts against {@code maxKeys}) but
 * is never handed out again, since allocations only take keys in state {@code free}. A key held by
 * an unreleased lease is not retired: that lease must be released first.
 */
public final class PgKeyRetirement {
  private static final Logger LOG = LoggerFactory.getLogger(PgKeyRetirement.class);

  private static final String LOCK_KEY =
      "SELECT id, pool, state, lease_id FROM keys WHERE pubkey = $1 FOR UPDATE";
  private static final String RETIRE = "UPDATE keys SET state = 'retired' WHERE id = $1";
  private static final String EVENT =
      """
      INSERT INTO events (kind, actor, pool, key_id, detail)
      VALUES ('key.retired', $1, $2, $3, $4)
      """;

  private final Pool db;

  public PgKeyRetirement(Pool db) {
    this.db = db;
  }

  /**
   * Retires the key in one transaction and records who did it and why in the audit log.
   *
   * @param pubkey the key's 48-byte public key
   * @param reason why, for the audit log
   * @param actor who: the operator's identity
   */
  public Future<Retirement> retire(byte[] pubkey, String reason, String actor) {
    return db.withTransaction(
            connection ->
                connection
                    .preparedQuery(LOCK_KEY)
                    .execute(Tuple.of(Buffer.buffer(pubkey)))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            return Future.succeededFuture(new Retirement.NoSuchKey());
                          }
                          return retireLocked(
                              connection, rows.iterator().next(), pubkey, reason, actor);
                        }))
        .onSuccess(
            outcome -> {
              if (outcome instanceof Retirement.Retired) {
                LOG.info(
                    "Key {} retired by {}: {}",
                    Pubkeys.hex(pubkey).substring(0, 12),
                    actor,
                    reason);
              }
            });
  }

  private static Future<Retirement> retireLocked(
      SqlConnection connection, Row key, byte[] pubkey, String reason, String actor) {
    String state = key.getString("state");
    if ("retired".equals(state)) {
      return Future.succeededFuture(new Retirement.AlreadyRetired());
    }
    if ("leased".equals(state)) {
      return Future.succeededFuture(new Retirement.Leased(key.getUUID("lease_id")));
    }
    long id = key.getLong("id");
    JsonObject detail = new JsonObject().put("pubkey", Pubkeys.hex(pubkey)).put("reason", reason);
    return connection
        .preparedQuery(RETIRE)
        .execute(Tuple.of(id))
        .compose(
            retired ->
                connection
                    .preparedQuery(EVENT)
                    .execute(Tuple.of(actor, key.getString("pool"), id, detail)))
        .map(new Retirement.Retired());
  }
}
