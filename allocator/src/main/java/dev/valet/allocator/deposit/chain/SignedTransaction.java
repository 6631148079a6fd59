package dev.valet.allocator.deposit.chain;

import java.math.BigInteger;

/**
 * An EIP-1559 transaction signed by the funding account, ready to be recorded and broadcast.
 *
 * @param hash keccak256 of the signed bytes, the transaction's hash
 * @param nonce the account's nonce it uses
 * @param maxFeePerGas wei
 * @param maxPriorityFeePerGas wei
 * @param gasLimit gas
 * @param raw the signed, encoded transaction
 */
public record SignedTransaction(
    byte[] hash,
    long nonce,
    BigInteger maxFeePerGas,
    BigInteger maxPriorityFeePerGas,
    BigInteger gasLimit,
    byte[] raw) {}
