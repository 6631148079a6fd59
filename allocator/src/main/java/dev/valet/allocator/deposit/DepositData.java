package dev.valet.allocator.deposit;

import dev.valet.allocator.keys.BlsPublicKey;
import dev.valet.allocator.keys.BlsSecretKey;
import dev.valet.allocator.keys.BlsSignature;
import java.util.Objects;

/**
 * One deposit: the consensus specs' {@code DepositData} container (phase0/beacon-chain.md,
 * "DepositData"): {@code pubkey, withdrawal_credentials, amount, signature}, what the deposit
 * contract's {@code deposit} function takes with its root.
 *
 * <p>{@link #sign} makes one and checks it before returning; {@link #verify(Network)} checks one
 * read from elsewhere. The record holds no secret.
 *
 * @param pubkey the validator's public key
 * @param withdrawalCredentials who may withdraw
 * @param amount the deposit in Gwei
 * @param signature the validator key's signature of the {@link DepositMessage}
 */
public record DepositData(
    BlsPublicKey pubkey,
    WithdrawalCredentials withdrawalCredentials,
    DepositAmount amount,
    BlsSignature signature) {

  public DepositData {
    Objects.requireNonNull(pubkey, "pubkey");
    Objects.requireNonNull(withdrawalCredentials, "withdrawalCredentials");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(signature, "signature");
  }

  /**
   * Signs a deposit for {@code key} on {@code network}, as phase0/validator.md "Submit deposit"
   * describes, then verifies the signature and recomputes the root the deposit contract will check,
   * so that nothing unverified leaves this method.
   *
   * @throws IllegalArgumentException if the amount is above what the credentials allow
   * @throws IllegalStateException if the fresh signature or root does not check out
   */
  public static DepositData sign(
      BlsSecretKey key,
      WithdrawalCredentials withdrawalCredentials,
      DepositAmount amount,
      Network network) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(network, "network");
    amount.requireAllowedFor(withdrawalCredentials);

    DepositMessage message = new DepositMessage(key.publicKey(), withdrawalCredentials, amount);
    Bytes32 signingRoot = message.signingRoot(network.genesisForkVersion());
    BlsSignature signature = key.sign(signingRoot.toBytes());
    DepositData deposit =
        new DepositData(message.pubkey(), withdrawalCredentials, amount, signature);

    // Check through the public, re-validated encodings, as a verifier on another machine would.
    DepositData decoded = deposit.decodedCopy();
    if (!decoded.verify(network)) {
      throw new IllegalStateException(
          "the new deposit signature for " + message.pubkey() + " does not verify; not used");
    }
    if (!decoded.hashTreeRoot().equals(DepositContractRoot.of(decoded))) {
      throw new IllegalStateException(
          "the deposit data root for "
              + message.pubkey()
              + " differs from the deposit contract's computation; not used");
    }
    return deposit;
  }

  /** The signed part: everything but the signature. */
  public DepositMessage message() {
    return new DepositMessage(pubkey, withdrawalCredentials, amount);
  }

  /**
   * hash_tree_root(DepositData): the {@code deposit_data_root} the deposit contract requires with
   * the deposit.
   */
  public Bytes32 hashTreeRoot() {
    return Bytes32.wrap(
        Ssz.containerRoot(
            Ssz.vectorRoot(pubkey.toBytes()),
            Ssz.vectorRoot(withdrawalCredentials.bytes()),
            Ssz.uint64Root(amount.gwei()),
            Ssz.vectorRoot(signature.toBytes())));
  }

  /**
   * Whether the signature is the pubkey's signature of this deposit on {@code network}: under the
   * network's genesis fork version with a zero genesis validators root, as the beacon chain checks
   * it (phase0/beacon-chain.md, "Deposits"). A deposit signed for another network does not verify.
   */
  public boolean verify(Network network) {
    Objects.requireNonNull(network, "network");
    return verify(network.genesisForkVersion());
  }

  /** Whether the signature verifies under this genesis fork version. */
  public boolean verify(ForkVersion genesisForkVersion) {
    Objects.requireNonNull(genesisForkVersion, "genesisForkVersion");
    Bytes32 signingRoot = message().signingRoot(genesisForkVersion);
    return pubkey.verify(signingRoot.toBytes(), signature);
  }

  private DepositData decodedCopy() {
    return new DepositData(
        BlsPublicKey.fromBytes(pubkey.toBytes()),
        WithdrawalCredentials.fromBytes(withdrawalCredentials.toBytes()),
        new DepositAmount(amount.gwei()),
        BlsSignature.fromBytes(signature.toBytes()));
  }
}
