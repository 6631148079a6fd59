package dev.valet.allocator.deposit.store;

import dev.valet.allocator.deposit.ExecutionAddress;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What the deposit sender reads: the deposits it works on, their recorded transactions, what the
 * funding account has committed, and how far the contract's logs have been read. Changes are in
 * {@link PgDepositChanges}.
 */
public final class PgDeposits {
  private static final String PENDING =
      "SELECT "
          + DepositRows.OPEN_COLUMNS
          + """
            FROM deposits d JOIN keys k ON k.id = d.key_id
           WHERE d.pool = $1 AND d.state = 'pending' AND d.mode = 'auto'
           ORDER BY d.key_id
           LIMIT $2
          """;
  private static final String SENT =
      "SELECT "
          + DepositRows.OPEN_COLUMNS
          + """
            FROM deposits d JOIN keys k ON k.id = d.key_id
           WHERE d.pool = $1 AND d.state = 'sent'
           ORDER BY d.tx_nonce NULLS LAST, d.key_id
          """;
  private static final String TRANSACTIONS =
      """
      SELECT tx_hash, nonce, attempt, max_fee_per_gas, max_priority_fee_per_gas, gas_limit, raw,
             signed_at, broadcast_at
        FROM deposit_transactions
       WHERE key_id = $1
       ORDER BY attempt
      """;
  private static final String HIGHEST_NONCE =
      "SELECT max(tx_nonce) AS nonce FROM deposits WHERE chain_id = $1 AND funding_address = $2";

  // Deposits sent from the account and not seen mined: their value and their most expensive gas.
  private static final String COMMITTED =
      """
      SELECT coalesce(sum(d.amount_gwei::numeric * 1000000000
                          + t.gas_limit::numeric * t.max_fee_per_gas), 0)::text AS wei
        FROM deposits d
        JOIN LATERAL (SELECT gas_limit, max_fee_per_gas FROM deposit_transactions x
                       WHERE x.key_id = d.key_id ORDER BY attempt DESC LIMIT 1) t ON true
       WHERE d.chain_id = $1 AND d.funding_address = $2 AND d.state = 'sent'
         AND d.mined_tx_hash IS NULL
      """;
  private static final String KEYS_BY_PUBKEY =
      """
      SELECT k.id, k.pubkey FROM keys k JOIN deposits d ON d.key_id = k.id
       WHERE k.pubkey = ANY($1) AND d.chain_id = $2
      """;
  private static final String SCANNED_TO =
      "SELECT scanned_to FROM deposit_log_scans WHERE chain_id = $1 AND deposit_contract = $2";

  private final SqlConnection connection;

  public PgDeposits(SqlConnection connection) {
    this.connection = connection;
  }

  /** Pending deposits of an auto pool, oldest key first. */
  public Future<List<OpenDeposit>> pending(String pool, int limit) {
    return connection
        .preparedQuery(PENDING)
        .execute(Tuple.of(pool, limit))
        .map(rows -> map(rows, DepositRows::open));
  }

  /** Sent deposits of a pool, in nonce order. */
  public Future<List<OpenDeposit>> sent(String pool) {
    return connection
        .preparedQuery(SENT)
        .execute(Tuple.of(pool))
        .map(rows -> map(rows, DepositRows::open));
  }

  /** A deposit's recorded transactions, the first one first. */
  public Future<List<RecordedTransaction>> transactions(long keyId) {
    return connection
        .preparedQuery(TRANSACTIONS)
        .execute(Tuple.of(keyId))
        .map(rows -> map(rows, DepositRows::transaction));
  }

  /** The highest nonce any deposit from the account recorded on this chain. */
  public Future<OptionalLong> highestNonce(long chainId, ExecutionAddress account) {
    return connection
        .preparedQuery(HIGHEST_NONCE)
        .execute(Tuple.of(chainId, Buffer.buffer(account.toBytes())))
        .map(
            rows -> {
              Long nonce = rows.iterator().next().getLong("nonce");
              return nonce == null ? OptionalLong.empty() : OptionalLong.of(nonce);
            });
  }

  /** Wei the account may still spend on deposits it sent that are not mined yet. */
  public Future<BigInteger> committedWei(long chainId, ExecutionAddress account) {
    return connection
        .preparedQuery(COMMITTED)
        .execute(Tuple.of(chainId, Buffer.buffer(account.toBytes())))
        .map(rows -> new BigInteger(rows.iterator().next().getString("wei")));
  }

  /** Which of these public keys (hex, no prefix) are Valet's keys with a deposit on this chain. */
  public Future<Map<String, Long>> keysByPubkey(List<byte[]> pubkeys, long chainId) {
    Buffer[] values = pubkeys.stream().map(Buffer::buffer).toArray(Buffer[]::new);
    return connection
        .preparedQuery(KEYS_BY_PUBKEY)
        .execute(Tuple.tuple().addArrayOfBuffer(values).addLong(chainId))
        .map(
            rows -> {
              Map<String, Long> found = new HashMap<>();
              for (Row row : rows) {
                found.put(
                    HexFormat.of().formatHex(DepositRows.bytes(row, "pubkey")), row.getLong("id"));
              }
              return found;
            });
  }

  /** The last block whose DepositEvent logs were read for this contract, if any was. */
  public Future<OptionalLong> scannedTo(long chainId, ExecutionAddress contract) {
    return connection
        .preparedQuery(SCANNED_TO)
        .execute(Tuple.of(chainId, Buffer.buffer(contract.toBytes())))
        .map(
            rows ->
                rows.size() == 0
                    ? OptionalLong.empty()
                    : OptionalLong.of(rows.iterator().next().getLong("scanned_to")));
  }

  private static <T> List<T> map(Iterable<Row> rows, java.util.function.Function<Row, T> mapper) {
    List<T> out = new ArrayList<>();
    for (Row row : rows) {
      out.add(mapper.apply(row));
    }
    return out;
  }
}
