package dev.valet.allocator.lease;

import dev.valet.allocator.pool.KeyPool;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The allocator on Postgres. */
public final class PgAllocator implements Allocator {
  private static final Logger LOG = LoggerFactory.getLogger(PgAllocator.class);

  /** unique_violation, serialization_failure, deadlock_detected: the transaction may be retried. */
  private static final Set<String> RETRYABLE = Set.of("23505", "40001", "40P01");

  private static final int ATTEMPTS = 3;

  private static final String DELETE_LEASE_KEYS =
      "DELETE FROM lease_keys WHERE lease_id = $1 AND NOT released";
  private static final String FREE_KEYS =
      """
      UPDATE keys SET state = 'free', lease_id = NULL, times_leased = times_leased - 1
       WHERE lease_id = $1
      """;
  private static final String DELETE_PENDING_LEASE =
      "DELETE FROM leases WHERE id = $1 AND state = 'pending' RETURNING pool, namespace, pod_name,"
          + " pod_generate_name";
  private static final String LOCK_LEASE =
      "SELECT state, answers FROM leases WHERE id = $1 FOR UPDATE";

  private final Pool db;
  private final Map<String, KeyPool> pools;
  private final WorkerExecutor minting;

  /**
   * @param db the database
   * @param pools the pools by name
   * @param minting the bounded executor that runs key creation, off the event loop
   */
  public PgAllocator(Pool db, Map<String, KeyPool> pools, WorkerExecutor minting) {
    this.db = db;
    this.pools = Map.copyOf(pools);
    this.minting = minting;
  }

  @Override
  public Future<Allocation> allocate(AllocationRequest request) {
    KeyPool pool = pools.get(request.pool());
    if (pool == null) {
      return Future.succeededFuture(
          new Allocation.Refused(
              "pool '"
                  + request.pool()
                  + "' is not defined in this Valet's configuration; defined pools: "
                  + String.join(", ", pools.keySet().stream().sorted().toList())));
    }
    int limit = pool.settings().maxKeysPerPod();
    if (request.keyCount() > limit) {
      return Future.succeededFuture(
          new Allocation.Refused(
              "the pod asks for "
                  + request.keyCount()
                  + " keys but pool '"
                  + pool.name()
                  + "' gives at most "
                  + limit
                  + " to one pod (maxKeysPerPod); ask for fewer keys or raise maxKeysPerPod"));
    }
    return attempt(request, pool, 1).onSuccess(allocation -> log(request, allocation));
  }

  private Future<Allocation> attempt(AllocationRequest request, KeyPool pool, int attempt) {
    return db.withTransaction(
            connection -> new AllocationTransaction(connection, pool, request, minting).run())
        .recover(
            failure -> {
              if (attempt < ATTEMPTS && retryable(failure)) {
                LOG.debug(
                    "Allocation for request {} retried after {}",
                    request.requestUid(),
                    failure.toString());
                return attempt(request, pool, attempt + 1);
              }
              return Future.failedFuture(failure);
            });
  }

  private static boolean retryable(Throwable failure) {
    return failure instanceof PgException pg && RETRYABLE.contains(pg.getSqlState());
  }

  @Override
  public Future<Boolean> rollBack(UUID leaseId, String reason) {
    return db.withTransaction(
            connection ->
                connection
                    .preparedQuery(LOCK_LEASE)
                    .execute(Tuple.of(leaseId))
                    .compose(
                        rows -> {
                          if (rows.size() == 0
                              || !"pending".equals(rows.iterator().next().getString("state"))) {
                            return Future.succeededFuture(false);
                          }
                          if (rows.iterator().next().getInteger("answers") > 1) {
                            LOG.warn(
                                "Lease {} not rolled back ({}): a retry of its admission request"
                                    + " received it too; it stays pending until its pod appears"
                                    + " or the reconciler releases it",
                                leaseId,
                                reason);
                            return Future.succeededFuture(false);
                          }
                          return connection
                              .preparedQuery(DELETE_LEASE_KEYS)
                              .execute(Tuple.of(leaseId))
                              .compose(
                                  d ->
                                      connection
                                          .preparedQuery(FREE_KEYS)
                                          .execute(Tuple.of(leaseId)))
                              .compose(
                                  f ->
                                      connection
                                          .preparedQuery(DELETE_PENDING_LEASE)
                                          .execute(Tuple.of(leaseId)))
                              .compose(
                                  deleted -> {
                                    var row = deleted.iterator().next();
                                    PodReference pod =
                                        new PodReference(
                                            row.getString("namespace"),
                                            row.getString("pod_name"),
                                            row.getString("pod_generate_name"));
                                    return Events.append(
                                            connection,
                                            "lease.rolled-back",
                                            "webhook",
                                            row.getString("pool"),
                                            leaseId,
                                            pod,
                                            new JsonObject().put("reason", reason))
                                        .map(true);
                                  });
                        }))
        .onSuccess(
            rolledBack -> {
              if (rolledBack) {
                LOG.warn("Rolled back lease {}: {}", leaseId, reason);
              }
            });
  }

  private static void log(AllocationRequest request, Allocation allocation) {
    switch (allocation) {
      case Allocation.Granted granted when granted.existing() ->
          LOG.info(
              "Lease {} returned again for retried request {} ({} in {})",
              granted.lease().id(),
              request.requestUid(),
              request.pod().displayName(),
              request.pod().namespace());
      case Allocation.Granted granted ->
          LOG.info(
              "Lease {} allocated: pool {}, pod {}/{}, {} key(s) ({} reused, {} new), first {}",
              granted.lease().id(),
              request.pool(),
              request.pod().namespace(),
              request.pod().displayName(),
              granted.lease().keys().size(),
              granted.reused(),
              granted.created(),
              granted.lease().keys().getFirst().pubkey().substring(0, 12));
      case Allocation.Refused refused ->
          LOG.warn(
              "Refused keys to pod {}/{} in pool {}: {}",
              request.pod().namespace(),
              request.pod().displayName(),
              request.pool(),
              refused.reason());
    }
  }
}
