package dev.valet.allocator.deposit.store;

import dev.valet.allocator.deposit.DepositAmount;
import dev.valet.allocator.deposit.DepositData;
import dev.valet.allocator.deposit.ExecutionAddress;
import dev.valet.allocator.deposit.ForkVersion;
import dev.valet.allocator.deposit.WithdrawalCredentials;
import dev.valet.allocator.keys.BlsPublicKey;
import dev.valet.allocator.keys.BlsSignature;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A deposit the sender still works on, pending or sent, as stored.
 *
 * @param keyId the key's id
 * @param pool the key's pool
 * @param state pending or sent
 * @param pubkey the key's 48-byte public key
 * @param network the network name the deposit was signed for
 * @param chainId that network's chain id
 * @param depositContract that network's deposit contract
 * @param forkVersion the genesis fork version the signature commits to
 * @param amountGwei the amount signed
 * @param withdrawalCredentials the credentials signed
 * @param signature the BLS signature of the deposit message
 * @param depositDataRoot the root stored at signing time
 * @param fundingAddress the paying account, once a transaction is recorded
 * @param txNonce the nonce every transaction of this deposit uses, once one is recorded
 * @param minedTxHash the transaction that put the deposit on chain, once seen
 * @param waitingReason what holds the deposit, if anything
 */
public record OpenDeposit(
    long keyId,
    String pool,
    DepositState state,
    byte[] pubkey,
    String network,
    long chainId,
    byte[] depositContract,
    byte[] forkVersion,
    long amountGwei,
    byte[] withdrawalCredentials,
    byte[] signature,
    byte[] depositDataRoot,
    Optional<ExecutionAddress> fundingAddress,
    OptionalLong txNonce,
    Optional<byte[]> minedTxHash,
    Optional<String> waitingReason) {

  /**
   * The stored deposit data, decoded and validated field by field.
   *
   * @throws IllegalArgumentException if a stored field is not what it should be
   */
  public DepositData depositData() {
    return new DepositData(
        BlsPublicKey.fromBytes(pubkey),
        WithdrawalCredentials.fromBytes(withdrawalCredentials),
        DepositAmount.ofGwei(amountGwei),
        BlsSignature.fromBytes(signature));
  }

  public ForkVersion genesisForkVersion() {
    return ForkVersion.fromBytes(forkVersion);
  }

  /** The public key's first hex digits, enough to tell keys apart in logs. */
  public String shortPubkey() {
    return "0x" + HexFormat.of().formatHex(pubkey, 0, 6);
  }
}
