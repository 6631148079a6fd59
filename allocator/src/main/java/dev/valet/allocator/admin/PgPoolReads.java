package dev.valet.allocator.admin;

import dev.valet.allocator.pool.PoolSettings;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads pools for operators: key counts by state, unreleased leases, and the caps of the
 * configuration with what is left of them. It never reads a pool's password or KDF columns.
 */
public final class PgPoolReads {
  // created_last_hour counts as the allocator's cap check does: keys made, not imported.
  private static final String POOLS =
      """
      SELECT p.name, p.created_at,
             count(k.id) AS total,
             count(k.id) FILTER (WHERE k.state = 'free' AND k.free_after <= now()) AS free,
             count(k.id) FILTER (WHERE k.state = 'free' AND k.free_after > now()) AS quarantined,
             count(k.id) FILTER (WHERE k.state = 'leased') AS leased,
             count(k.id) FILTER (WHERE k.state = 'retired') AS retired,
             count(k.id) FILTER (WHERE k.origin <> 'imported'
                                   AND k.created_at > now() - interval '1 hour')
               AS created_last_hour,
             min(k.free_after) FILTER (WHERE k.state = 'free' AND k.free_after > now())
               AS next_free_at
        FROM pools p LEFT JOIN keys k ON k.pool = p.name
       WHERE $1::text IS NULL OR p.name = $1
       GROUP BY p.name, p.created_at
       ORDER BY p.name
      """;
  private static final String UNRELEASED_LEASES =
      """
      SELECT pool, state, count(*) AS leases
        FROM leases
       WHERE state <> 'released' AND ($1::text IS NULL OR pool = $1)
       GROUP BY pool, state
      """;
  private static final String NAMES = "SELECT name FROM pools ORDER BY name";

  private final Pool db;
  private final Map<String, PoolSettings> configured;

  /**
   * @param configured the pools of this Valet's configuration, for their caps
   */
  public PgPoolReads(Pool db, Map<String, PoolSettings> configured) {
    this.db = db;
    this.configured = Map.copyOf(configured);
  }

  /** Every pool the database knows, configured or not, by name. */
  public Future<List<PoolView>> all() {
    return read(null);
  }

  public Future<Optional<PoolView>> find(String name) {
    return read(name).map(pools -> pools.stream().findFirst());
  }

  /** The names of every pool the database knows: the values a pool filter allows. */
  public Future<List<String>> names() {
    return db.query(NAMES)
        .execute()
        .map(
            rows -> {
              List<String> names = new ArrayList<>(rows.size());
              rows.forEach(row -> names.add(row.getString("name")));
              return names;
            });
  }

  private Future<List<PoolView>> read(String name) {
    Tuple filter = Tuple.tuple().addString(name);
    return db.preparedQuery(UNRELEASED_LEASES)
        .execute(filter)
        .compose(
            leaseRows -> {
              Map<String, long[]> leases = new HashMap<>();
              for (Row row : leaseRows) {
                long[] counts = leases.computeIfAbsent(row.getString("pool"), p -> new long[2]);
                counts["pending".equals(row.getString("state")) ? 0 : 1] = row.getLong("leases");
              }
              return db.preparedQuery(POOLS)
                  .execute(filter)
                  .map(
                      rows -> {
                        List<PoolView> pools = new ArrayList<>(rows.size());
                        for (Row row : rows) {
                          long[] counts = leases.getOrDefault(row.getString("name"), new long[2]);
                          pools.add(view(row, counts[0], counts[1]));
                        }
                        return pools;
                      });
            });
  }

  private PoolView view(Row row, long pending, long bound) {
    String name = row.getString("name");
    KeyCounts keys =
        new KeyCounts(
            row.getLong("total"),
            row.getLong("free"),
            row.getLong("quarantined"),
            row.getLong("leased"),
            row.getLong("retired"));
    Optional<PoolSettings> settings = Optional.ofNullable(configured.get(name));
    return new PoolView(
        name,
        row.getOffsetDateTime("created_at"),
        keys,
        Optional.ofNullable(row.getOffsetDateTime("next_free_at")),
        pending,
        bound,
        settings.map(s -> PoolCaps.of(s, keys.total(), row.getLong("created_last_hour"))),
        settings.map(PoolSettings::quarantine),
        settings.map(s -> s.network().name()));
  }
}
