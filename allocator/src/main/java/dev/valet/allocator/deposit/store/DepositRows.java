package dev.valet.allocator.deposit.store;

import dev.valet.allocator.deposit.ExecutionAddress;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.math.BigInteger;
import java.util.Optional;
import java.util.OptionalLong;

/** Reads deposit rows. */
final class DepositRows {
  /** The columns {@link #open} reads, from deposits {@code d} joined with keys {@code k}. */
  static final String OPEN_COLUMNS =
      """
      d.key_id, d.pool, d.state, k.pubkey, d.network, d.chain_id, d.deposit_contract,
      d.fork_version, d.amount_gwei, d.withdrawal_credentials, d.signature, d.deposit_data_root,
      d.funding_address, d.tx_nonce, d.mined_tx_hash, d.waiting_reason
      """;

  private DepositRows() {}

  static OpenDeposit open(Row row) {
    Long nonce = row.getLong("tx_nonce");
    return new OpenDeposit(
        row.getLong("key_id"),
        row.getString("pool"),
        DepositState.of(row.getString("state")),
        bytes(row, "pubkey"),
        row.getString("network"),
        row.getLong("chain_id"),
        bytes(row, "deposit_contract"),
        bytes(row, "fork_version"),
        row.getLong("amount_gwei"),
        bytes(row, "withdrawal_credentials"),
        bytes(row, "signature"),
        bytes(row, "deposit_data_root"),
        Optional.ofNullable(bytes(row, "funding_address")).map(ExecutionAddress::fromBytes),
        nonce == null ? OptionalLong.empty() : OptionalLong.of(nonce),
        Optional.ofNullable(bytes(row, "mined_tx_hash")),
        Optional.ofNullable(row.getString("waiting_reason")));
  }

  static RecordedTransaction transaction(Row row) {
    return new RecordedTransaction(
        bytes(row, "tx_hash"),
        row.getLong("nonce"),
        row.getInteger("attempt"),
        BigInteger.valueOf(row.getLong("max_fee_per_gas")),
        BigInteger.valueOf(row.getLong("max_priority_fee_per_gas")),
        BigInteger.valueOf(row.getLong("gas_limit")),
        bytes(row, "raw"),
        row.getOffsetDateTime("signed_at").toInstant(),
        Optional.ofNullable(row.getOffsetDateTime("broadcast_at")).map(t -> t.toInstant()));
  }

  static byte[] bytes(Row row, String column) {
    Buffer buffer = row.getBuffer(column);
    return buffer == null ? null : buffer.getBytes();
  }
}
