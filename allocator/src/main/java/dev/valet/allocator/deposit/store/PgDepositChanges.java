package dev.valet.allocator.deposit.store;

import dev.valet.allocator.deposit.ExecutionAddress;
import dev.valet.allocator.deposit.chain.DepositLog;
import dev.valet.allocator.deposit.chain.ExecutionChain.Receipt;
import dev.valet.allocator.deposit.chain.SignedTransaction;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Every change the deposit sender makes, each in its own transaction with its event. A signed
 * transaction is recorded here before anyone broadcasts it.
 */
public final class PgDepositChanges {
  private static final String ACTOR = "deposit-sender";

  private static final String WAITING =
      """
      UPDATE deposits SET waiting_reason = $2, updated_at = now()
       WHERE key_id = $1 AND state IN ('pending', 'sent') AND waiting_reason IS DISTINCT FROM $2
      """;
  private static final String MARK_SENT =
      """
      UPDATE deposits SET state = 'sent', funding_address = $2, tx_nonce = $3, sent_at = now(),
                          waiting_reason = NULL, updated_at = now()
       WHERE key_id = $1 AND state = 'pending' AND tx_nonce IS NULL AND mined_tx_hash IS NULL
      """;
  private static final String INSERT_TRANSACTION =
      """
      INSERT INTO deposit_transactions (tx_hash, key_id, nonce, attempt, max_fee_per_gas,
                                        max_priority_fee_per_gas, gas_limit, raw)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      """;
  // A sub-select in RETURNING reads the statement's snapshot, from before the update: it tells
  // whether this update is the first to set the value.
  private static final String BROADCAST =
      """
      UPDATE deposit_transactions SET broadcast_at = now()
       WHERE tx_hash = $1
      RETURNING (SELECT broadcast_at FROM deposit_transactions WHERE tx_hash = $1) IS NULL AS first
      """;
  private static final String MINED =
      """
      UPDATE deposits SET mined_tx_hash = $2, block_number = $3, block_hash = $4,
                          confirmations = $5, waiting_reason = NULL, updated_at = now()
       WHERE key_id = $1 AND state = 'sent'
      RETURNING (SELECT block_hash IS DISTINCT FROM $4 FROM deposits WHERE key_id = $1) AS moved
      """;
  private static final String CONFIRMED =
      """
      UPDATE deposits SET state = 'confirmed', confirmations = $2, confirmed_at = now(),
                          waiting_reason = NULL, updated_at = now()
       WHERE key_id = $1 AND state = 'sent' AND mined_tx_hash IS NOT NULL
      """;
  private static final String FAILED =
      """
      UPDATE deposits SET state = 'failed', error = $2, waiting_reason = NULL, updated_at = now()
       WHERE key_id = $1 AND state IN ('pending', 'sent')
      """;
  private static final String FOUND =
      """
      UPDATE deposits SET state = 'sent', mined_tx_hash = $2, block_number = $3, note = $4,
                          waiting_reason = NULL, updated_at = now()
       WHERE key_id = $1 AND state = 'pending'
      RETURNING pool
      """;
  private static final String SCANNED =
      """
      INSERT INTO deposit_log_scans (chain_id, deposit_contract, scanned_to) VALUES ($1, $2, $3)
      ON CONFLICT (chain_id, deposit_contract)
      DO UPDATE SET scanned_to = excluded.scanned_to, updated_at = now()
      """;

  private final SqlConnection connection;

  public PgDepositChanges(SqlConnection connection) {
    this.connection = connection;
  }

  /** Records why a deposit does not move; the event is written only when the reason is new. */
  public Future<Boolean> waiting(OpenDeposit deposit, String reason) {
    return inTransaction(
        () ->
            connection
                .preparedQuery(WAITING)
                .execute(Tuple.of(deposit.keyId(), reason))
                .compose(
                    updated ->
                        updated.rowCount() == 0
                            ? Future.succeededFuture(false)
                            : event(
                                    deposit,
                                    "deposit.waiting",
                                    new JsonObject().put("reason", reason))
                                .map(true)));
  }

  /**
   * Records a pending deposit's first signed transaction and makes it sent, before the broadcast:
   * from here on the deposit is only ever this nonce's transactions.
   *
   * @throws IllegalStateException (as the failed future) if the deposit was no longer pending
   */
  public Future<Void> recordFirst(
      OpenDeposit deposit, ExecutionAddress funding, SignedTransaction transaction) {
    return inTransaction(
        () ->
            connection
                .preparedQuery(MARK_SENT)
                .execute(
                    Tuple.of(
                        deposit.keyId(), Buffer.buffer(funding.toBytes()), transaction.nonce()))
                .compose(
                    updated ->
                        updated.rowCount() == 1
                            ? insert(deposit, transaction, 0)
                            : Future.failedFuture(
                                new IllegalStateException(
                                    "deposit of key " + deposit.keyId() + " is no longer pending")))
                .compose(
                    inserted ->
                        event(deposit, "deposit.sent", describe(transaction).put("attempt", 0))));
  }

  /** Records a replacement: the same nonce, higher fees, the next attempt number. */
  public Future<Void> recordReplacement(
      OpenDeposit deposit, SignedTransaction transaction, int attempt) {
    return inTransaction(
        () ->
            insert(deposit, transaction, attempt)
                .compose(
                    inserted ->
                        event(
                            deposit,
                            "deposit.replaced",
                            describe(transaction).put("attempt", attempt))));
  }

  /** Notes that the node took (or knew) a transaction; the first time is an event. */
  public Future<Void> broadcast(OpenDeposit deposit, byte[] transactionHash) {
    return inTransaction(
        () ->
            connection
                .preparedQuery(BROADCAST)
                .execute(Tuple.of(Buffer.buffer(transactionHash)))
                .compose(
                    rows ->
                        rows.size() == 1 && rows.iterator().next().getBoolean("first")
                            ? event(
                                deposit,
                                "deposit.broadcast",
                                new JsonObject().put("txHash", hex(transactionHash)))
                            : Future.succeededFuture()));
  }

  /** Records the block a sent deposit was mined in; a new block (or a reorg) is an event. */
  public Future<Void> mined(OpenDeposit deposit, Receipt receipt, int confirmations) {
    Tuple parameters =
        Tuple.of(
            deposit.keyId(),
            Buffer.buffer(receipt.transactionHash()),
            receipt.blockNumber(),
            Buffer.buffer(receipt.blockHash()),
            confirmations);
    return inTransaction(
        () ->
            connection
                .preparedQuery(MINED)
                .execute(parameters)
                .compose(
                    rows ->
                        rows.size() == 1 && rows.iterator().next().getBoolean("moved")
                            ? event(
                                deposit,
                                "deposit.mined",
                                new JsonObject()
                                    .put("txHash", hex(receipt.transactionHash()))
                                    .put("block", receipt.blockNumber()))
                            : Future.succeededFuture()));
  }

  public Future<Void> confirmed(OpenDeposit deposit, int confirmations) {
    return change(
        deposit,
        CONFIRMED,
        Tuple.of(deposit.keyId(), confirmations),
        "deposit.confirmed",
        new JsonObject().put("confirmations", confirmations));
  }

  /** Marks a deposit failed; Valet does not send it again, an operator decides. */
  public Future<Void> failed(OpenDeposit deposit, String error) {
    return change(
        deposit,
        FAILED,
        Tuple.of(deposit.keyId(), error),
        "deposit.failed",
        new JsonObject().put("error", error));
  }

  /** A pending deposit whose key already has a DepositEvent on chain: it follows that, unsent. */
  public Future<Void> foundOnChain(long keyId, DepositLog log) {
    String note =
        "a DepositEvent for this key was found on chain (transaction "
            + hex(log.transactionHash())
            + "); Valet sent no deposit for it";
    Tuple parameters =
        Tuple.of(keyId, Buffer.buffer(log.transactionHash()), log.blockNumber(), note);
    return inTransaction(
        () ->
            connection
                .preparedQuery(FOUND)
                .execute(parameters)
                .compose(
                    rows ->
                        rows.size() == 0
                            ? Future.succeededFuture()
                            : DepositEvents.append(
                                connection,
                                "deposit.found",
                                ACTOR,
                                rows.iterator().next().getString("pool"),
                                keyId,
                                new JsonObject()
                                    .put("txHash", hex(log.transactionHash()))
                                    .put("block", log.blockNumber()))));
  }

  /** Remembers that the contract's logs were read up to {@code block}. */
  public Future<Void> scanned(long chainId, ExecutionAddress contract, long block) {
    return connection
        .preparedQuery(SCANNED)
        .execute(Tuple.of(chainId, Buffer.buffer(contract.toBytes()), block))
        .mapEmpty();
  }

  private Future<Void> change(
      OpenDeposit deposit, String sql, Tuple parameters, String kind, JsonObject detail) {
    return inTransaction(
        () ->
            connection
                .preparedQuery(sql)
                .execute(parameters)
                .compose(
                    updated ->
                        updated.rowCount() == 1
                            ? event(deposit, kind, detail)
                            : Future.succeededFuture()));
  }

  private Future<Void> insert(OpenDeposit deposit, SignedTransaction transaction, int attempt) {
    return connection
        .preparedQuery(INSERT_TRANSACTION)
        .execute(
            Tuple.tuple()
                .addBuffer(Buffer.buffer(transaction.hash()))
                .addLong(deposit.keyId())
                .addLong(transaction.nonce())
                .addInteger(attempt)
                .addLong(transaction.maxFeePerGas().longValueExact())
                .addLong(transaction.maxPriorityFeePerGas().longValueExact())
                .addLong(transaction.gasLimit().longValueExact())
                .addBuffer(Buffer.buffer(transaction.raw())))
        .mapEmpty();
  }

  private Future<Void> event(OpenDeposit deposit, String kind, JsonObject detail) {
    return DepositEvents.append(connection, kind, ACTOR, deposit.pool(), deposit.keyId(), detail);
  }

  private <T> Future<T> inTransaction(Supplier<Future<T>> work) {
    return connection
        .begin()
        .compose(
            tx ->
                work.get()
                    .compose(result -> tx.commit().map(result))
                    .recover(
                        failure ->
                            tx.rollback().transform(rolledBack -> Future.failedFuture(failure))));
  }

  private static JsonObject describe(SignedTransaction transaction) {
    return new JsonObject()
        .put("txHash", hex(transaction.hash()))
        .put("nonce", transaction.nonce())
        .put("maxFeePerGas", transaction.maxFeePerGas().toString())
        .put("maxPriorityFeePerGas", transaction.maxPriorityFeePerGas().toString())
        .put("gasLimit", transaction.gasLimit().toString());
  }

  private static String hex(byte[] bytes) {
    return "0x" + HexFormat.of().formatHex(bytes);
  }
}
