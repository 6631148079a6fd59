package dev.valet.allocator.deposit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkTest {

  @Test
  void mainnetCarriesItsPublishedValues() {
    // eth-clients/mainnet README.md (genesis) and metadata/config.yaml (deposit contract).
    Network mainnet = Network.MAINNET;

    assertThat(mainnet.name()).isEqualTo("mainnet");
    assertThat(mainnet.chainId()).isEqualTo(1);
    assertThat(mainnet.depositContractAddress().toChecksumHex())
        .isEqualTo("0x00000000219ab540356cBB839Cbe05303d7705Fa");
    assertThat(mainnet.genesisForkVersion().toHex()).isEqualTo("0x00000000");
    assertThat(mainnet.genesisTime()).isEqualTo(1606824023L);
    assertThat(mainnet.genesisValidatorsRoot().toHex())
        .isEqualTo("0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95");
    assertThat(mainnet.secondsPerSlot()).isEqualTo(12);
    assertThat(mainnet.slotsPerEpoch()).isEqualTo(32);
  }

  @Test
  void testnetsCarryTheirPublishedValues() {
    // eth-clients/sepolia, eth-clients/holesky and eth-clients/hoodi: README.md and
    // metadata/config.yaml (genesis time = MIN_GENESIS_TIME + GENESIS_DELAY).
    assertThat(Network.SEPOLIA)
        .extracting(
            Network::chainId,
            n -> n.depositContractAddress().toChecksumHex(),
            n -> n.genesisForkVersion().toHex(),
            Network::genesisTime,
            n -> n.genesisValidatorsRoot().toHex())
        .containsExactly(
            11155111L,
            "0x7f02C3E3c98b133055B8B348B2Ac625669Ed295D",
            "0x90000069",
            1655733600L,
            "0xd8ea171f3c94aea21ebc42a1ed61052acf3f9209c00e4efbaaddac09ed9b8078");
    assertThat(Network.HOLESKY)
        .extracting(
            Network::chainId,
            n -> n.depositContractAddress().toChecksumHex(),
            n -> n.genesisForkVersion().toHex(),
            Network::genesisTime,
            n -> n.genesisValidatorsRoot().toHex())
        .containsExactly(
            17000L,
            "0x4242424242424242424242424242424242424242",
            "0x01017000",
            1695902400L,
            "0x9143aa7c615a7f7115e2b6aac319c03529df8242ae705fba9df39b79c59fa8b1");
    assertThat(Network.HOODI)
        .extracting(
            Network::chainId,
            n -> n.depositContractAddress().toChecksumHex(),
            n -> n.genesisForkVersion().toHex(),
            Network::genesisTime,
            n -> n.genesisValidatorsRoot().toHex())
        .containsExactly(
            560048L,
            "0x00000000219ab540356cBB839Cbe05303d7705Fa",
            "0x10000910",
            1742213400L,
            "0x212f13fc4df078b6cb7db228f1c8307566dcecf900867401a92023d7ba99cb5f");
  }

  @Test
  void presetsAreFoundByTheDepositCliNames() {
    assertThat(Network.presets())
        .extracting(Network::name)
        .containsExactly("mainnet", "sepolia", "holesky", "hoodi");
    assertThat(Network.preset("hoodi")).contains(Network.HOODI);
    assertThat(Network.preset("goerli")).isEmpty();
    assertThat(Network.presets()).allMatch(Network::isPreset);
  }

  @Test
  void eachPresetSignsDepositsUnderItsOwnDomain() {
    List<Bytes32> domains = Network.presets().stream().map(Network::depositDomain).toList();

    assertThat(domains).doesNotHaveDuplicates();
  }
}
