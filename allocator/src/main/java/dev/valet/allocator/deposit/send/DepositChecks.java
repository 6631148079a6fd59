package dev.valet.allocator.deposit.send;

import dev.valet.allocator.deposit.DepositData;
import dev.valet.allocator.deposit.Network;
import dev.valet.allocator.deposit.store.OpenDeposit;
import dev.valet.allocator.pool.PoolSettings;
import java.util.Arrays;

/**
 * Checks a stored deposit against the pool as configured now, before any transaction carries it:
 * the same network, the same credentials and amount, a signature that verifies and the root it was
 * stored with. A deposit that fails a check waits with the reason; it is never sent as it is.
 */
final class DepositChecks {
  private DepositChecks() {}

  /** The deposit ready to send, or why not. */
  sealed interface Result {
    record Ready(DepositData data) implements Result {}

    record Refused(String reason) implements Result {}
  }

  static Result check(OpenDeposit deposit, PoolSettings pool) {
    Network network = pool.network();
    if (deposit.chainId() != network.chainId()
        || !Arrays.equals(deposit.depositContract(), network.depositContractAddress().toBytes())
        || !deposit.genesisForkVersion().equals(network.genesisForkVersion())) {
      return new Result.Refused(
          "signed for network "
              + deposit.network()
              + " (chain id "
              + deposit.chainId()
              + "), but pool "
              + pool.name()
              + " names network "
              + network.name()
              + " (chain id "
              + network.chainId()
              + ") now; a deposit is never sent to another network than it was signed for");
    }
    DepositData data;
    try {
      data = deposit.depositData();
    } catch (IllegalArgumentException e) {
      return new Result.Refused("the stored deposit data is malformed: " + e.getMessage());
    }
    var settings = pool.deposits();
    if (settings.withdrawalCredentials().isEmpty()
        || !settings.withdrawalCredentials().get().equals(data.withdrawalCredentials())
        || settings.amount().gwei() != data.amount().gwei()) {
      return new Result.Refused(
          "signed with withdrawal credentials "
              + data.withdrawalCredentials()
              + " and "
              + data.amount().gwei()
              + " Gwei, which differ from pool "
              + pool.name()
              + "'s settings now; restore them to send it (deposits are never re-signed)");
    }
    if (!data.verify(network)) {
      return new Result.Refused("the stored deposit signature does not verify; it is not sent");
    }
    if (!Arrays.equals(data.hashTreeRoot().toBytes(), deposit.depositDataRoot())) {
      return new Result.Refused(
          "the stored deposit_data_root differs from the data's root; it is not sent");
    }
    return new Result.Ready(data);
  }
}
