package dev.valet.allocator.deposit.store;

import dev.valet.allocator.deposit.DepositData;
import dev.valet.allocator.deposit.Network;
import dev.valet.allocator.pool.MintedKey;
import dev.valet.allocator.pool.PoolSettings;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;

/**
 * Gives keys that were just stored their deposit row, in the transaction that stored them: pending
 * with the deposit data signed at creation, or skipped. Nothing is sent here; the sender or an
 * export picks pending deposits up later.
 */
public final class NewDeposits {
  private static final String INSERT =
      """
      WITH added AS (
        INSERT INTO deposits (key_id, pool, mode, state, network, chain_id, deposit_contract,
                              fork_version, amount_gwei, withdrawal_credentials, signature,
                              deposit_data_root, note)
        SELECT d.key_id, $1, $2, d.state, $3, $4, $5, $6, d.amount_gwei, d.credentials,
               d.signature, d.root, d.note
          FROM unnest($7::bigint[], $8::text[], $9::bigint[], $10::bytea[], $11::bytea[],
                      $12::bytea[], $13::text[])
               AS d (key_id, state, amount_gwei, credentials, signature, root, note)
        RETURNING key_id, state, note
      )
      INSERT INTO events (kind, actor, pool, key_id, detail)
      SELECT 'deposit.' || state, $14, $1, key_id,
             jsonb_strip_nulls(jsonb_build_object('mode', $2::text, 'network', $3::text,
                                                  'note', note))
        FROM added
      """;

  private NewDeposits() {}

  /**
   * Records the deposit of each key.
   *
   * @param keyIds the keys' ids, in the order of {@code keys}
   * @param actor who made the keys, for the audit log ("webhook", "cli")
   * @param skippedNote why a key without deposit data needs none
   */
  public static Future<Void> record(
      SqlClient client,
      PoolSettings pool,
      List<Long> keyIds,
      List<MintedKey> keys,
      String actor,
      String skippedNote) {
    if (keys.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = keys.size();
    Long[] ids = keyIds.toArray(Long[]::new);
    String[] states = new String[n];
    Long[] amounts = new Long[n];
    Buffer[] credentials = new Buffer[n];
    Buffer[] signatures = new Buffer[n];
    Buffer[] roots = new Buffer[n];
    String[] notes = new String[n];
    for (int i = 0; i < n; i++) {
      Optional<DepositData> deposit = keys.get(i).deposit();
      states[i] = (deposit.isPresent() ? DepositState.PENDING : DepositState.SKIPPED).label();
      notes[i] = deposit.isPresent() ? null : skippedNote;
      if (deposit.isPresent()) {
        DepositData data = deposit.get();
        amounts[i] = data.amount().gwei();
        credentials[i] = Buffer.buffer(data.withdrawalCredentials().toBytes());
        signatures[i] = Buffer.buffer(data.signature().toBytes());
        roots[i] = Buffer.buffer(data.hashTreeRoot().toBytes());
      }
    }
    Network network = pool.network();
    Tuple parameters =
        Tuple.tuple()
            .addString(pool.name())
            .addString(pool.deposits().mode().label())
            .addString(network.name())
            .addLong(network.chainId())
            .addBuffer(Buffer.buffer(network.depositContractAddress().toBytes()))
            .addBuffer(Buffer.buffer(network.genesisForkVersion().toBytes()))
            .addArrayOfLong(ids)
            .addArrayOfString(states)
            .addArrayOfLong(amounts)
            .addArrayOfBuffer(credentials)
            .addArrayOfBuffer(signatures)
            .addArrayOfBuffer(roots)
            .addArrayOfString(notes)
            .addString(actor);
    return client.preparedQuery(INSERT).execute(parameters).mapEmpty();
  }

  /** The note of a key created while its pool's deposits are off. */
  public static String offNote(PoolSettings pool) {
    return "deposits are off for pool " + pool.name();
  }
}
