package dev.valet.allocator.deposit;

import dev.valet.allocator.keys.BlsPublicKey;
import java.util.Objects;

/**
 * What a deposit signature signs: the consensus specs' {@code DepositMessage} container
 * (phase0/beacon-chain.md, "DepositMessage"): {@code pubkey: BLSPubkey, withdrawal_credentials:
 * Bytes32, amount: Gwei}.
 *
 * @param pubkey the validator's public key
 * @param withdrawalCredentials who may withdraw
 * @param amount the deposit in Gwei
 */
public record DepositMessage(
    BlsPublicKey pubkey, WithdrawalCredentials withdrawalCredentials, DepositAmount amount) {

  public DepositMessage {
    Objects.requireNonNull(pubkey, "pubkey");
    Objects.requireNonNull(withdrawalCredentials, "withdrawalCredentials");
    Objects.requireNonNull(amount, "amount");
  }

  /** hash_tree_root(DepositMessage): the {@code deposit_message_root} of deposit data files. */
  public Bytes32 hashTreeRoot() {
    return Bytes32.wrap(
        Ssz.containerRoot(
            Ssz.vectorRoot(pubkey.toBytes()),
            Ssz.vectorRoot(withdrawalCredentials.bytes()),
            Ssz.uint64Root(amount.gwei())));
  }

  /** compute_signing_root(deposit_message, compute_domain(DOMAIN_DEPOSIT, forkVersion)). */
  public Bytes32 signingRoot(ForkVersion genesisForkVersion) {
    return SigningRoots.signingRoot(hashTreeRoot(), SigningRoots.depositDomain(genesisForkVersion));
  }
}
