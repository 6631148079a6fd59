package dev.valet.allocator.deposit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.valet.allocator.deposit.DepositAmount;
import dev.valet.allocator.deposit.DepositData;
import dev.valet.allocator.deposit.ForkVersion;
import dev.valet.allocator.deposit.Network;
import dev.valet.allocator.deposit.WithdrawalCredentials;
import dev.valet.allocator.keys.BlsSecretKey;
import dev.valet.allocator.pool.PoolSettings;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * What an export checks before it writes a launchpad file: a deposit goes out only for the network
 * it was signed for. A devnet relaunched with the same chain id but a new genesis fork version is
 * another network: its file would name the new fork version over a signature of the old one, and a
 * deposit whose signature does not verify is lost on the beacon chain.
 */
class ExportVerificationTest {
  private static final Network DEVNET =
      new Network(
          "devnet",
          32382,
          Network.HOODI.depositContractAddress(),
          ForkVersion.fromHex("0x10000038", "fork"),
          Network.HOODI.genesisTime(),
          Network.HOODI.genesisValidatorsRoot(),
          12,
          32);
  private static final Network RELAUNCHED =
      new Network(
          "devnet",
          32382,
          Network.HOODI.depositContractAddress(),
          ForkVersion.fromHex("0x10000039", "fork"),
          Network.HOODI.genesisTime(),
          Network.HOODI.genesisValidatorsRoot(),
          12,
          32);

  private final OpenDeposit deposit = pendingDepositSignedFor(DEVNET);

  @Test
  void aDepositSignedForThePoolsNetworkIsExported() {
    List<DepositData> data =
        PgDepositExport.verified(
            List.of(deposit), PoolSettings.defaults("devnet").withNetwork(DEVNET));

    assertThat(data).hasSize(1);
    assertThat(data.getFirst().verify(DEVNET)).isTrue();
  }

  @Test
  void aDepositSignedUnderAnotherGenesisForkVersionOfTheSameChainIsNotExported() {
    PoolSettings relaunched = PoolSettings.defaults("devnet").withNetwork(RELAUNCHED);

    assertThatThrownBy(() -> PgDepositExport.verified(List.of(deposit), relaunched))
        .hasMessageContaining("nothing was exported");
  }

  private static OpenDeposit pendingDepositSignedFor(Network network) {
    WithdrawalCredentials credentials =
        WithdrawalCredentials.executionAddress("0x00000000219ab540356cBB839Cbe05303d7705Fa");
    DepositData data =
        DepositData.sign(
            BlsSecretKey.random(new SecureRandom()), credentials, DepositAmount.DEFAULT, network);
    return new OpenDeposit(
        1,
        "devnet",
        DepositState.PENDING,
        data.pubkey().toBytes(),
        network.name(),
        network.chainId(),
        network.depositContractAddress().toBytes(),
        network.genesisForkVersion().toBytes(),
        data.amount().gwei(),
        credentials.toBytes(),
        data.signature().toBytes(),
        data.hashTreeRoot().toBytes(),
        Optional.empty(),
        OptionalLong.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
