package dev.valet.allocator.lease;

import dev.valet.allocator.deposit.store.NewDeposits;
import dev.valet.allocator.pool.KeyMinter;
import dev.valet.allocator.pool.KeyPool;
import dev.valet.allocator.pool.MintedKey;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The steps of one allocation, inside the transaction its caller opened. */
final class AllocationTransaction {

  private static final int REQUEST_LOCK_SPACE = 0x76616c65;

  // Retries of one admission request can be in flight at once. Each waits here for the one before
  // it to commit, then finds its lease, instead of skipping the keys that one holds and being
  // refused. Two int4 keys keep this lock apart from the single-key lock of the migrations.
  private static final String LOCK_REQUEST =
      "SELECT pg_advisory_xact_lock(" + REQUEST_LOCK_SPACE + ", hashtext($1))";

  // Taking the key's own state on its row lets Postgres recheck a row that a concurrent
  // transaction changed while this one waited: SKIP LOCKED never hands one key out twice.
  private static final String SELECT_FREE =
      """
      SELECT id, pubkey, keystore, path
        FROM keys
       WHERE pool = $1 AND state = 'free' AND free_after <= now()
       ORDER BY last_released_at NULLS LAST, id
       LIMIT $2
         FOR UPDATE SKIP LOCKED
      """;

  // Rechecked on the lease's latest version: a roll-back or release that committed since the lease
  // was read leaves no row to count, and the request is answered afresh.
  private static final String COUNT_ANSWER =
      "UPDATE leases SET answers = answers + 1 WHERE id = $1 AND state <> 'released'";

  private static final String LOCK_POOL = "SELECT next_index FROM pools WHERE name = $1 FOR UPDATE";

  // Under the pool's lock, a concurrent allocation that locked keys and then found too few has
  // committed its refusal and unlocked them: those keys are taken before anything is refused.
  private static final String SELECT_MORE_FREE =
      """
      SELECT id, pubkey, keystore, path
        FROM keys
       WHERE pool = $1 AND state = 'free' AND free_after <= now() AND id <> ALL($3)
       ORDER BY last_released_at NULLS LAST, id
       LIMIT $2
         FOR UPDATE SKIP LOCKED
      """;

  private static final String COUNT_KEYS =
      """
      SELECT count(*) AS total,
             count(*) FILTER (WHERE origin <> 'imported'
                                AND created_at > now() - interval '1 hour') AS created_last_hour,
             count(*) FILTER (WHERE state = 'free' AND free_after > now()) AS quarantined,
             min(free_after) FILTER (WHERE state = 'free' AND free_after > now()) AS next_free_at
        FROM keys
       WHERE pool = $1
      """;
  private static final String INSERT_LEASE =
      """
      INSERT INTO leases (id, request_uid, pool, namespace, pod_name, pod_generate_name, state,
                          key_count, layout)
      VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8)
      RETURNING created_at
      """;
  private static final String INSERT_KEYS =
      """
      INSERT INTO keys (pool, pubkey, origin, derivation_index, path, keystore, state, lease_id,
                        times_leased)
      SELECT $1, k.pubkey, k.origin, k.derivation_index, k.path, k.keystore, 'leased', $2, 1
        FROM unnest($3::bytea[], $4::text[], $5::integer[], $6::text[], $7::text[])
             AS k (pubkey, origin, derivation_index, path, keystore)
      RETURNING id, pubkey
      """;
  private static final String ADVANCE_INDEX =
      "UPDATE pools SET next_index = next_index + $2 WHERE name = $1";
  private static final String LEASE_KEYS =
      """
      UPDATE keys SET state = 'leased', lease_id = $1, times_leased = times_leased + 1
       WHERE id = ANY($2) AND state = 'free'
      """;
  private static final String INSERT_LEASE_KEYS =
      """
      INSERT INTO lease_keys (lease_id, key_id, position)
      SELECT $1, t.key_id, t.position FROM unnest($2::bigint[], $3::integer[]) AS t (key_id, position)
      """;

  private final SqlConnection connection;
  private final KeyPool pool;
  private final AllocationRequest request;
  private final WorkerExecutor minting;
  private final UUID leaseId;

  AllocationTransaction(
      SqlConnection connection, KeyPool pool, AllocationRequest request, WorkerExecutor minting) {
    this.connection = connection;
    this.pool = pool;
    this.request = request;
    this.minting = minting;
    this.leaseId = LeaseIds.forRequest(request.requestUid());
  }

  /**
   * Takes the request's lock, then looks for its lease. The look-up is sent right behind the lock
   * without waiting for it (pipelined): Postgres runs a connection's statements one after the
   * other, so the look-up still starts, and takes its snapshot, only once the lock is held.
   */
  Future<Allocation> run() {
    Future<RowSet<Row>> locked =
        connection.preparedQuery(LOCK_REQUEST).execute(Tuple.of(request.requestUid()));
    Future<Optional<Lease>> existing = LeaseRows.byRequestUid(connection, request.requestUid());
    return locked
        .compose(held -> existing)
        .compose(found -> found.isPresent() ? answerRetry(found.get()) : takeFreeKeys());
  }

  private Future<Allocation> findOrAllocate() {
    return LeaseRows.byRequestUid(connection, request.requestUid())
        .compose(existing -> existing.isPresent() ? answerRetry(existing.get()) : takeFreeKeys());
  }

  /**
   * A retried request gets its lease back, unless it is for another pod or already over. The lease
   * counts the answer, so that the attempt before this one can no longer roll it back.
   */
  private Future<Allocation> answerRetry(Lease lease) {
    if (!lease.pool().equals(request.pool())
        || !lease.pod().namespace().equals(request.pod().namespace())) {
      return refuse(
          "admission request "
              + request.requestUid()
              + " already has lease "
              + lease.id()
              + " in namespace "
              + lease.pod().namespace()
              + "; a request uid cannot be reused for another pod");
    }
    if (lease.state() == LeaseState.RELEASED) {
      return refuse(
          "admission request "
              + request.requestUid()
              + " had lease "
              + lease.id()
              + ", which has been released since; create the pod again");
    }
    return connection
        .preparedQuery(COUNT_ANSWER)
        .execute(Tuple.of(lease.id()))
        .compose(
            counted ->
                counted.rowCount() == 1
                    ? Future.succeededFuture(new Allocation.Granted(lease, true, 0, 0))
                    : findOrAllocate());
  }

  private static Future<Allocation> refuse(String reason) {
    return Future.succeededFuture(new Allocation.Refused(reason));
  }

  private Future<Allocation> takeFreeKeys() {
    return connection
        .preparedQuery(SELECT_FREE)
        .execute(Tuple.of(pool.name(), request.keyCount()))
        .compose(
            rows -> {
              List<LeasedKey> free = new ArrayList<>();
              addKeys(free, rows);
              int missing = request.keyCount() - free.size();
              if (missing == 0) {
                return record(free, List.of());
              }
              return createKeys(free, missing);
            });
  }

  /** The selected free keys, in the order and at the positions they take in the lease. */
  private static void addKeys(List<LeasedKey> keys, RowSet<Row> rows) {
    for (Row row : rows) {
      keys.add(
          new LeasedKey(
              row.getLong("id"),
              LeaseRows.pubkeyHex(row.getBuffer("pubkey").getBytes()),
              row.getString("keystore"),
              row.getString("path"),
              keys.size()));
    }
  }

  private Future<Allocation> createKeys(List<LeasedKey> freeKeys, int missing) {
    // Right after start-up the pool's KDF may still run: wait for it before taking the pool's
    // lock, so that other allocations do not time out on that lock meanwhile.
    return pool.minter()
        .transform(kdfDone -> connection.preparedQuery(LOCK_POOL).execute(Tuple.of(pool.name())))
        .compose(
            locked -> {
              long nextIndex = locked.iterator().next().getInteger("next_index");
              return takeMoreFreeKeys(freeKeys, missing)
                  .compose(
                      free -> {
                        int stillMissing = request.keyCount() - free.size();
                        if (stillMissing == 0) {
                          return record(free, List.of());
                        }
                        return createWithinCaps(free, stillMissing, nextIndex);
                      });
            });
  }

  private Future<List<LeasedKey>> takeMoreFreeKeys(List<LeasedKey> freeKeys, int missing) {
    return connection
        .preparedQuery(SELECT_MORE_FREE)
        .execute(
            Tuple.tuple().addString(pool.name()).addInteger(missing).addArrayOfLong(ids(freeKeys)))
        .map(
            more -> {
              List<LeasedKey> all = new ArrayList<>(freeKeys);
              addKeys(all, more);
              return all;
            });
  }

  private static Long[] ids(List<LeasedKey> keys) {
    return keys.stream().map(LeasedKey::id).toArray(Long[]::new);
  }

  private Future<Allocation> createWithinCaps(
      List<LeasedKey> freeKeys, int missing, long nextIndex) {
    return connection
        .preparedQuery(COUNT_KEYS)
        .execute(Tuple.of(pool.name()))
        .compose(
            counts -> {
              PoolCapacity capacity =
                  PoolCapacity.of(pool.settings(), counts.iterator().next(), freeKeys.size());
              if (capacity.creatable() < missing) {
                return Future.succeededFuture(capacity.refusal(request.keyCount()));
              }
              return mint(nextIndex, missing).compose(minted -> record(freeKeys, minted));
            });
  }

  private Future<List<MintedKey>> mint(long nextIndex, int count) {
    return pool.minter()
        .compose(
            minter ->
                minting
                    .executeBlocking(() -> minter.mint(nextIndex, count), false)
                    .compose(minted -> advanceIndex(minter, count).map(minted)));
  }

  private Future<Void> advanceIndex(KeyMinter minter, int count) {
    if (!minter.derives()) {
      return Future.succeededFuture();
    }
    return connection.preparedQuery(ADVANCE_INDEX).execute(Tuple.of(pool.name(), count)).mapEmpty();
  }

  /**
   * Inserts the lease and links its keys. The granted lease is built from what this transaction
   * selected and inserted, rather than read back: it holds the same rows, one round trip sooner.
   */
  private Future<Allocation> record(List<LeasedKey> freeKeys, List<MintedKey> minted) {
    PodReference pod = request.pod();
    Tuple lease =
        Tuple.of(
                leaseId,
                request.requestUid(),
                pool.name(),
                pod.namespace(),
                pod.name(),
                pod.generateName())
            .addInteger(request.keyCount())
            .addString(request.layout());
    // Sent one behind the other without waiting (pipelined); Postgres runs them in this order, and
    // the first that fails fails the rest, so the transaction is rolled back as a whole.
    Future<RowSet<Row>> inserted = connection.preparedQuery(INSERT_LEASE).execute(lease);
    Future<List<Long>> newIds = insertMinted(minted);
    Future<Void> leased = leaseFreeKeys(freeKeys);
    Future<List<LeasedKey>> linked =
        newIds.compose(
            ids -> {
              List<LeasedKey> keys = withMinted(freeKeys, minted, ids);
              Future<Void> link = linkKeys(keys);
              Future<Void> event =
                  Events.append(
                      connection,
                      "lease.allocated",
                      "webhook",
                      pool.name(),
                      leaseId,
                      pod,
                      detail(keys, freeKeys.size(), minted.size()));
              return Future.all(link, event).map(keys);
            });
    return Future.all(inserted, leased, linked)
        .map(
            done -> {
              OffsetDateTime createdAt =
                  inserted.result().iterator().next().getOffsetDateTime("created_at");
              Lease granted =
                  new Lease(
                      leaseId,
                      request.requestUid(),
                      pool.name(),
                      pod,
                      LeaseState.PENDING,
                      request.layout(),
                      createdAt,
                      linked.result());
              return new Allocation.Granted(granted, false, freeKeys.size(), minted.size());
            });
  }

  /** The free keys, then the new ones with the ids they were inserted under. */
  private static List<LeasedKey> withMinted(
      List<LeasedKey> freeKeys, List<MintedKey> minted, List<Long> ids) {
    List<LeasedKey> keys = new ArrayList<>(freeKeys);
    for (int i = 0; i < ids.size(); i++) {
      MintedKey key = minted.get(i);
      keys.add(
          new LeasedKey(
              ids.get(i),
              LeaseRows.pubkeyHex(key.pubkey()),
              key.keystoreJson(),
              key.path(),
              keys.size()));
    }
    return keys;
  }

  private Future<List<Long>> insertMinted(List<MintedKey> minted) {
    if (minted.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    int n = minted.size();
    Buffer[] pubkeys = new Buffer[n];
    String[] origins = new String[n];
    Integer[] indices = new Integer[n];
    String[] paths = new String[n];
    String[] keystores = new String[n];
    for (int i = 0; i < n; i++) {
      MintedKey key = minted.get(i);
      pubkeys[i] = Buffer.buffer(key.pubkey());
      origins[i] = key.origin();
      indices[i] =
          key.derivationIndex().isPresent()
              ? Math.toIntExact(key.derivationIndex().getAsLong())
              : null;
      paths[i] = key.path();
      keystores[i] = key.keystoreJson();
    }
    return connection
        .preparedQuery(INSERT_KEYS)
        .execute(
            Tuple.tuple()
                .addString(pool.name())
                .addUUID(leaseId)
                .addArrayOfBuffer(pubkeys)
                .addArrayOfString(origins)
                .addArrayOfInteger(indices)
                .addArrayOfString(paths)
                .addArrayOfString(keystores))
        .map(rows -> idsInOrder(rows, minted))
        .compose(ids -> recordDeposits(ids, minted).map(ids));
  }

  /** Each new key's deposit waits in this same transaction; none is sent on the admission path. */
  private Future<Void> recordDeposits(List<Long> ids, List<MintedKey> minted) {
    return NewDeposits.record(
        connection, pool.settings(), ids, minted, "webhook", NewDeposits.offNote(pool.settings()));
  }

  private static List<Long> idsInOrder(RowSet<Row> rows, List<MintedKey> minted) {
    Map<Buffer, Long> byPubkey = new HashMap<>();
    for (Row row : rows) {
      byPubkey.put(row.getBuffer("pubkey"), row.getLong("id"));
    }
    List<Long> ids = new ArrayList<>(minted.size());
    for (MintedKey key : minted) {
      ids.add(byPubkey.get(Buffer.buffer(key.pubkey())));
    }
    return ids;
  }

  private Future<Void> leaseFreeKeys(List<LeasedKey> freeKeys) {
    if (freeKeys.isEmpty()) {
      return Future.succeededFuture();
    }
    return connection
        .preparedQuery(LEASE_KEYS)
        .execute(Tuple.tuple().addUUID(leaseId).addArrayOfLong(ids(freeKeys)))
        .compose(
            updated ->
                updated.rowCount() == freeKeys.size()
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        new IllegalStateException(
                            "a locked free key changed state during allocation")));
  }

  private Future<Void> linkKeys(List<LeasedKey> keys) {
    Integer[] positions = new Integer[keys.size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = keys.get(i).position();
    }
    return connection
        .preparedQuery(INSERT_LEASE_KEYS)
        .execute(
            Tuple.tuple().addUUID(leaseId).addArrayOfLong(ids(keys)).addArrayOfInteger(positions))
        .mapEmpty();
  }

  private JsonObject detail(List<LeasedKey> keys, int reused, int created) {
    JsonArray pubkeys = new JsonArray();
    keys.forEach(key -> pubkeys.add(key.pubkey()));
    return new JsonObject()
        .put("requestUid", request.requestUid())
        .put("reused", reused)
        .put("created", created)
        .put("pubkeys", pubkeys);
  }
}
