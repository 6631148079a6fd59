package dev.valet.allocator.testing.chain;

import dev.valet.allocator.deposit.DepositAmount;
import dev.valet.allocator.deposit.ExecutionAddress;
import dev.valet.allocator.deposit.ForkVersion;
import dev.valet.allocator.deposit.Network;
import dev.valet.allocator.deposit.WithdrawalCredentials;
import dev.valet.allocator.pool.DepositMode;
import dev.valet.allocator.pool.DepositSettings;
import dev.valet.allocator.pool.FundingAccount;
import dev.valet.allocator.pool.PoolSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Pools and networks for deposit tests on a {@link DevChain}. */
public final class DepositPools {
  /** Where the tests' deposits say withdrawals go. */
  public static final ExecutionAddress WITHDRAWAL =
      ExecutionAddress.fromHex("0x00000000000000000000000000000000000000aa", "withdrawal address");

  private DepositPools() {}

  /** A devnet on {@code chainId} whose deposit contract is {@code contract}. */
  public static Network devnet(long chainId, ExecutionAddress contract) {
    return new Network(
        "valet-devnet",
        chainId,
        contract,
        ForkVersion.fromHex("0x10000038", "fork version"),
        1_700_000_000L,
        dev.valet.allocator.deposit.Bytes32.fromHex(
            "0x" + "11".repeat(32), "genesis validators root"),
        12,
        32);
  }

  /**
   * Deposits in auto mode through {@code rpc}: 32 ETH to 0x01 credentials, caps of 100 and 2 Gwei,
   * replacement after {@code replaceAfter}, confirmed after {@code confirmations} blocks. The
   * funding files are never read by tests that hand the sender its credentials.
   */
  public static DepositSettings auto(URI rpc, int confirmations, Duration replaceAfter) {
    return new DepositSettings(
        DepositMode.AUTO,
        Optional.of(WithdrawalCredentials.executionAddress(WITHDRAWAL)),
        DepositAmount.DEFAULT,
        Optional.of(new FundingAccount(Path.of("funding.json"), Path.of("funding.password"))),
        Optional.of(rpc),
        DepositSettings.WEI_PER_GWEI.multiply(java.math.BigInteger.valueOf(100)),
        DepositSettings.WEI_PER_GWEI.multiply(java.math.BigInteger.TWO),
        replaceAfter,
        confirmations);
  }

  /** A pool with cheap keystores whose new keys are deposited automatically. */
  public static PoolSettings autoPool(String name, Network network, DepositSettings deposits) {
    return PoolSettings.defaults(name)
        .withKdf(PoolSettings.Kdf.PBKDF2)
        .withQuarantine(Duration.ZERO)
        .withNetwork(network)
        .withDeposits(deposits);
  }
}
