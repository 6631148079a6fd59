package dev.valet.allocator.deposit.store;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/**
 * A signed deposit transaction as recorded before it was broadcast.
 *
 * @param hash its hash
 * @param nonce the deposit's nonce
 * @param attempt 0 for the first, then 1, 2... for replacements
 * @param maxFeePerGas wei
 * @param maxPriorityFeePerGas wei
 * @param gasLimit gas
 * @param raw the signed transaction, rebroadcast byte for byte
 * @param signedAt when it was recorded
 * @param broadcastAt when the node last took or knew it
 */
public record RecordedTransaction(
    byte[] hash,
    long nonce,
    int attempt,
    BigInteger maxFeePerGas,
    BigInteger maxPriorityFeePerGas,
    BigInteger gasLimit,
    byte[] raw,
    Instant signedAt,
    Optional<Instant> broadcastAt) {}
