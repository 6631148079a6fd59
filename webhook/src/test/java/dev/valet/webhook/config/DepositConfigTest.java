package dev.valet.webhook.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.valet.allocator.deposit.WithdrawalCredentials;
import dev.valet.allocator.pool.DepositMode;
import dev.valet.allocator.pool.DepositSettings;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DepositConfigTest {
  private static final String POOL = "pools:\n  - name: devnet\n    network: hoodi\n";
  private static final String ADDRESS = "0x00000000000000000000000000000000000000aa";

  private static DepositSettings deposits(String settings) {
    return ConfigFile.parse(POOL + settings).pools().getFirst().deposits();
  }

  @Test
  void depositsAreOffUnlessThePoolSaysOtherwise() {
    DepositSettings settings = ConfigFile.parse(POOL).pools().getFirst().deposits();

    assertThat(settings.mode()).isEqualTo(DepositMode.OFF);
    assertThat(settings.amount().gwei()).isEqualTo(32_000_000_000L);
  }

  @Test
  void autoModeReadsEverySetting() {
    DepositSettings settings =
        deposits(
            """
                deposits: auto
                withdrawalAddress: "%s"
                depositAmountGwei: 32000000000
                funding:
                  keystoreFile: /etc/valet/funding/keystore.json
                  passwordFile: /etc/valet/funding/password
                executionRpcUrl: http://geth.eth:8545
                maxFeePerGasGwei: 80
                maxPriorityFeePerGasGwei: 0.5
                replaceAfter: 5m
                confirmations: 3
            """
                .formatted(ADDRESS));

    assertThat(settings.mode()).isEqualTo(DepositMode.AUTO);
    assertThat(settings.withdrawalCredentials())
        .contains(WithdrawalCredentials.executionAddress(ADDRESS));
    assertThat(settings.funding().orElseThrow().keystoreFile())
        .isEqualTo(Path.of("/etc/valet/funding/keystore.json"));
    assertThat(settings.executionRpcUrl().orElseThrow().getHost()).isEqualTo("geth.eth");
    assertThat(settings.maxFeePerGasWei()).isEqualTo(BigInteger.valueOf(80_000_000_000L));
    assertThat(settings.maxPriorityFeePerGasWei()).isEqualTo(BigInteger.valueOf(500_000_000L));
    assertThat(settings.replaceAfter()).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.confirmations()).isEqualTo(3);
  }

  @Test
  void compoundingCredentialsAllowMoreThan32Ether() {
    DepositSettings settings =
        deposits(
            ("    deposits: export\n    withdrawalCompoundingAddress: \"%s\"\n"
                    + "    depositAmountGwei: 64000000000\n")
                .formatted(ADDRESS));

    assertThat(settings.withdrawalCredentials().orElseThrow().type())
        .isEqualTo(WithdrawalCredentials.Type.COMPOUNDING);
    assertThat(settings.amount().gwei()).isEqualTo(64_000_000_000L);
  }

  @Test
  void missingOrConflictingSettingsStopStartUpNamingThem() {
    assertThatThrownBy(() -> deposits("    deposits: export\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("pools.devnet.withdrawalAddress")
        .hasMessageContaining("required with deposits: export");
    assertThatThrownBy(
            () ->
                deposits(
                    ("    deposits: export\n    withdrawalAddress: \"%s\"\n"
                            + "    withdrawalCompoundingAddress: \"%s\"\n")
                        .formatted(ADDRESS, ADDRESS)))
        .hasMessageContaining("not both");
    assertThatThrownBy(
            () ->
                deposits("    deposits: auto\n    withdrawalAddress: \"%s\"\n".formatted(ADDRESS)))
        .hasMessageContaining("pools.devnet.funding")
        .hasMessageContaining("required with deposits: auto");
    assertThatThrownBy(
            () ->
                deposits(
                    ("    deposits: auto\n    withdrawalAddress: \"%s\"\n    funding:\n"
                            + "      keystoreFile: k.json\n      passwordFile: p\n")
                        .formatted(ADDRESS)))
        .hasMessageContaining("pools.devnet.executionRpcUrl");
    assertThatThrownBy(() -> deposits("    funding:\n      keystoreFile: k.json\n"))
        .hasMessageContaining("pools[0].funding.passwordFile is required");
  }

  @Test
  void badValuesAreRefusedNamingTheSetting() {
    String export = "    deposits: export\n    withdrawalAddress: \"%s\"\n".formatted(ADDRESS);
    assertThatThrownBy(() -> deposits("    deposits: sometimes\n"))
        .hasMessageContaining("pools[0].deposits must be auto, export or off");
    assertThatThrownBy(() -> deposits(export + "    depositAmountGwei: 64000000000\n"))
        .hasMessageContaining("pools.devnet.depositAmountGwei")
        .hasMessageContaining("above 32 ETH");
    assertThatThrownBy(() -> deposits(export + "    depositAmountGwei: 5\n"))
        .hasMessageContaining("pools[0].depositAmountGwei")
        .hasMessageContaining("at least 1 ETH");
    assertThatThrownBy(() -> deposits("    withdrawalAddress: \"0x1234\"\n"))
        .hasMessageContaining("pools[0].withdrawalAddress must be 20 bytes");
    assertThatThrownBy(() -> deposits(export + "    maxFeePerGasGwei: lots\n"))
        .hasMessageContaining("pools[0].maxFeePerGasGwei must be a number of Gwei");
    assertThatThrownBy(() -> deposits(export + "    maxPriorityFeePerGasGwei: 60\n"))
        .hasMessageContaining("pools.devnet.maxPriorityFeePerGasGwei must not be above");
    assertThatThrownBy(() -> deposits(export + "    confirmations: 0\n"))
        .hasMessageContaining("pools.devnet.confirmations must be from 1");
    assertThatThrownBy(() -> deposits(export + "    executionRpcUrl: ws://node:8546\n"))
        .hasMessageContaining("pools.devnet.executionRpcUrl must be an http:// or https:// URL");
    assertThatThrownBy(
            () ->
                deposits(
                    "    funding:\n      keystoreFile: k\n      passwordFile: p\n      key: x\n"))
        .hasMessageContaining("unknown setting pools[0].funding.key");
  }
}
