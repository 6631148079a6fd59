package dev.valet.allocator.deposit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CustomNetworkTest {

  private static final String WHERE = "pools.devnet.network";

  private static final CustomNetwork DEVNET =
      new CustomNetwork(
          "my-devnet",
          1337,
          "0x4242424242424242424242424242424242424242",
          "0x10000038",
          1700000000L,
          "0x" + "ab".repeat(32),
          6,
          8);

  @Test
  void validValuesMakeANetwork() {
    Network network = DEVNET.toNetwork(WHERE);

    assertThat(network.name()).isEqualTo("my-devnet");
    assertThat(network.chainId()).isEqualTo(1337);
    assertThat(network.genesisForkVersion().toUnprefixedHex()).isEqualTo("10000038");
    assertThat(network.slotDuration().toSeconds()).isEqualTo(6);
    assertThat(network.slotsPerEpoch()).isEqualTo(8);
    assertThat(network.isPreset()).isFalse();
  }

  @Test
  void forkVersionOfWrongLengthNamesTheSetting() {
    CustomNetwork values = withForkVersion("0x100000");

    assertThatThrownBy(() -> values.toNetwork(WHERE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "pools.devnet.network.genesisForkVersion must be 4 bytes of hex such as 0x10000038");
  }

  @Test
  void forkVersionThatIsNotHexNamesTheSetting() {
    assertThatThrownBy(() -> withForkVersion("0x1000003g").toNetwork(WHERE))
        .hasMessage(
            "pools.devnet.network.genesisForkVersion must be 4 bytes of hex such as 0x10000038");
  }

  @Test
  void missingForkVersionNamesTheSetting() {
    assertThatThrownBy(() -> withForkVersion(null).toNetwork(WHERE))
        .hasMessage(
            "pools.devnet.network.genesisForkVersion must be 4 bytes of hex such as 0x10000038,"
                + " but it is missing");
  }

  @Test
  void chainIdMustBePositive() {
    CustomNetwork values =
        new CustomNetwork(
            "my-devnet",
            0,
            DEVNET.depositContractAddress(),
            DEVNET.genesisForkVersion(),
            DEVNET.genesisTime(),
            DEVNET.genesisValidatorsRoot(),
            12,
            32);

    assertThatThrownBy(() -> values.toNetwork(WHERE))
        .hasMessage("pools.devnet.network.chainId must be a positive chain id such as 1337, was 0");
  }

  @Test
  void contractAddressWithABadChecksumNamesTheSetting() {
    CustomNetwork values =
        new CustomNetwork(
            "my-devnet",
            1337,
            "0x00000000219Ab540356cBB839Cbe05303d7705Fa",
            DEVNET.genesisForkVersion(),
            DEVNET.genesisTime(),
            DEVNET.genesisValidatorsRoot(),
            12,
            32);

    assertThatThrownBy(() -> values.toNetwork(WHERE))
        .hasMessage(
            "pools.devnet.network.depositContractAddress does not match its EIP-55 checksum (its"
                + " mixed case): check it for a typo");
  }

  @Test
  void contractAddressOfWrongLengthNamesTheSetting() {
    CustomNetwork values =
        new CustomNetwork(
            "my-devnet",
            1337,
            "0x4242",
            DEVNET.genesisForkVersion(),
            DEVNET.genesisTime(),
            DEVNET.genesisValidatorsRoot(),
            12,
            32);

    assertThatThrownBy(() -> values.toNetwork(WHERE))
        .hasMessage(
            "pools.devnet.network.depositContractAddress must be 20 bytes of hex such as"
                + " 0x4242424242424242424242424242424242424242");
  }

  @Test
  void genesisValidatorsRootOfWrongLengthNamesTheSetting() {
    CustomNetwork values =
        new CustomNetwork(
            "my-devnet",
            1337,
            DEVNET.depositContractAddress(),
            DEVNET.genesisForkVersion(),
            DEVNET.genesisTime(),
            "0x" + "ab".repeat(31),
            12,
            32);

    assertThatThrownBy(() -> values.toNetwork(WHERE))
        .hasMessageStartingWith(
            "pools.devnet.network.genesisValidatorsRoot must be 32 bytes of hex such as 0x");
  }

  @Test
  void secondsPerSlotAndSlotsPerEpochMustBePositive() {
    CustomNetwork noSlots =
        new CustomNetwork(
            "my-devnet",
            1337,
            DEVNET.depositContractAddress(),
            DEVNET.genesisForkVersion(),
            DEVNET.genesisTime(),
            DEVNET.genesisValidatorsRoot(),
            0,
            32);
    CustomNetwork noEpochs =
        new CustomNetwork(
            "my-devnet",
            1337,
            DEVNET.depositContractAddress(),
            DEVNET.genesisForkVersion(),
            DEVNET.genesisTime(),
            DEVNET.genesisValidatorsRoot(),
            12,
            -1);

    assertThatThrownBy(() -> noSlots.toNetwork(WHERE))
        .hasMessage("pools.devnet.network.secondsPerSlot must be positive, such as 12, was 0");
    assertThatThrownBy(() -> noEpochs.toNetwork(WHERE))
        .hasMessage("pools.devnet.network.slotsPerEpoch must be positive, such as 32, was -1");
  }

  @Test
  void aDevnetCannotTakeAPresetName() {
    CustomNetwork values =
        new CustomNetwork(
            "mainnet",
            1337,
            DEVNET.depositContractAddress(),
            DEVNET.genesisForkVersion(),
            DEVNET.genesisTime(),
            DEVNET.genesisValidatorsRoot(),
            12,
            32);

    assertThatThrownBy(() -> values.toNetwork(WHERE))
        .hasMessageStartingWith("pools.devnet.network.name 'mainnet' is a preset network");
  }

  @Test
  void nameMustBeANetworkName() {
    CustomNetwork values =
        new CustomNetwork(
            "My Devnet",
            1337,
            DEVNET.depositContractAddress(),
            DEVNET.genesisForkVersion(),
            DEVNET.genesisTime(),
            DEVNET.genesisValidatorsRoot(),
            12,
            32);

    assertThatThrownBy(() -> values.toNetwork(WHERE))
        .hasMessage(
            "pools.devnet.network.name must be 1-63 lower-case letters, digits and '-', such as"
                + " my-devnet");
  }

  private static CustomNetwork withForkVersion(String forkVersion) {
    return new CustomNetwork(
        DEVNET.name(),
        DEVNET.chainId(),
        DEVNET.depositContractAddress(),
        forkVersion,
        DEVNET.genesisTime(),
        DEVNET.genesisValidatorsRoot(),
        DEVNET.secondsPerSlot(),
        DEVNET.slotsPerEpoch());
  }
}
