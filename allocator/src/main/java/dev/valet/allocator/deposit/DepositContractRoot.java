package dev.valet.allocator.deposit;

import dev.valet.allocator.crypto.Sha256;
import java.util.Arrays;

/**
 * The deposit data root as the deposit contract computes it before accepting a deposit
 * (consensus-specs solidity_deposit_contract/deposit_contract.sol, {@code deposit}): the same SSZ
 * root as {@link DepositData#hashTreeRoot()}, spelled out chunk by chunk. Computing it a second way
 * catches a merkleization mistake before a transaction would revert on it.
 */
final class DepositContractRoot {

  private DepositContractRoot() {}

  static Bytes32 of(DepositData deposit) {
    byte[] pubkey = deposit.pubkey().toBytes();
    byte[] signature = deposit.signature().toBytes();

    byte[] pubkeyRoot = Sha256.digest(pubkey, new byte[16]);
    byte[] signatureRoot =
        Sha256.digest(
            Sha256.digest(slice(signature, 0, 64)),
            Sha256.digest(slice(signature, 64, 96), new byte[32]));
    byte[] node =
        Sha256.digest(
            Sha256.digest(pubkeyRoot, deposit.withdrawalCredentials().bytes()),
            Sha256.digest(deposit.amount().toLittleEndian(), new byte[24], signatureRoot));
    return Bytes32.wrap(node);
  }

  private static byte[] slice(byte[] bytes, int from, int to) {
    return Arrays.copyOfRange(bytes, from, to);
  }
}
