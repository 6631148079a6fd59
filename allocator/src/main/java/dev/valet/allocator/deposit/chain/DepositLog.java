package dev.valet.allocator.deposit.chain;

import java.util.Objects;

/**
 * One DepositEvent of the deposit contract: {@code DepositEvent(bytes pubkey, bytes
 * withdrawal_credentials, bytes amount, bytes signature, bytes index)}, the amount and index as 8
 * little-endian bytes.
 *
 * @param pubkey 48 bytes
 * @param withdrawalCredentials 32 bytes
 * @param amountLittleEndian the amount in Gwei, 8 bytes little-endian
 * @param signature 96 bytes
 * @param indexLittleEndian the deposit's index, 8 bytes little-endian
 * @param transactionHash the transaction that made it
 * @param blockNumber the block it is in
 */
public record DepositLog(
    byte[] pubkey,
    byte[] withdrawalCredentials,
    byte[] amountLittleEndian,
    byte[] signature,
    byte[] indexLittleEndian,
    byte[] transactionHash,
    long blockNumber) {

  public DepositLog {
    Objects.requireNonNull(pubkey, "pubkey");
    Objects.requireNonNull(transactionHash, "transactionHash");
  }

  /** The amount in Gwei, read from its little-endian bytes. */
  public long amountGwei() {
    long value = 0;
    for (int i = amountLittleEndian.length - 1; i >= 0; i--) {
      value = (value << 8) | (amountLittleEndian[i] & 0xff);
    }
    return value;
  }
}
