package dev.valet.allocator.lease;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads leases and their keys. */
final class LeaseRows {
  static final String LEASE_COLUMNS =
      "id, request_uid, pool, namespace, pod_name, pod_generate_name, state, layout, created_at";

  private static final String SELECT_BY_REQUEST =
      "SELECT " + LEASE_COLUMNS + " FROM leases WHERE request_uid = $1";
  private static final String SELECT_BY_ID =
      "SELECT " + LEASE_COLUMNS + " FROM leases WHERE id = $1";
  private static final String SELECT_KEYS =
      """
      SELECT k.id, k.pubkey, k.keystore, k.path, lk.position
        FROM lease_keys lk JOIN keys k ON k.id = lk.key_id
       WHERE lk.lease_id = $1
       ORDER BY lk.position
      """;

  private LeaseRows() {}

  static Future<Optional<Lease>> byRequestUid(SqlClient client, String requestUid) {
    return one(client, SELECT_BY_REQUEST, requestUid);
  }

  static Future<Optional<Lease>> byId(SqlClient client, UUID id) {
    return one(client, SELECT_BY_ID, id);
  }

  private static Future<Optional<Lease>> one(SqlClient client, String sql, Object parameter) {
    return client
        .preparedQuery(sql)
        .execute(Tuple.of(parameter))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture(Optional.empty());
              }
              Row row = rows.iterator().next();
              return keys(client, row.getUUID("id")).map(keys -> Optional.of(lease(row, keys)));
            });
  }

  static Future<List<LeasedKey>> keys(SqlClient client, UUID leaseId) {
    return client
        .preparedQuery(SELECT_KEYS)
        .execute(Tuple.of(leaseId))
        .map(
            rows -> {
              List<LeasedKey> keys = new ArrayList<>(rows.size());
              for (Row row : rows) {
                keys.add(
                    new LeasedKey(
                        row.getLong("id"),
                        pubkeyHex(row.getBuffer("pubkey").getBytes()),
                        row.getString("keystore"),
                        row.getString("path"),
                        row.getInteger("position")));
              }
              return keys;
            });
  }

  static Lease lease(Row row, List<LeasedKey> keys) {
    return new Lease(
        row.getUUID("id"),
        row.getString("request_uid"),
        row.getString("pool"),
        new PodReference(
            row.getString("namespace"),
            row.getString("pod_name"),
            row.getString("pod_generate_name")),
        LeaseState.fromSql(row.getString("state")),
        row.getString("layout"),
        row.getOffsetDateTime("created_at"),
        keys);
  }

  static String pubkeyHex(byte[] pubkey) {
    return "0x" + HexFormat.of().formatHex(pubkey);
  }
}
