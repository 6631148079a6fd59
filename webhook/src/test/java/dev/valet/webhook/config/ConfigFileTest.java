package dev.valet.webhook.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.valet.allocator.deposit.Network;
import dev.valet.allocator.pool.PoolSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigFileTest {
  private static final String POOL = "pools:\n  - name: devnet\n    network: hoodi\n";

  @Test
  void aPoolGetsItsSettingsAndTheDefaultsForWhatItLeavesOut() {
    ConfigFile.Contents contents =
        ConfigFile.parse(
            """
            pools:
              - name: main
                network: mainnet
                maxKeys: 7
                quarantine: 1h30m
                kdf: pbkdf2
            """);

    PoolSettings pool = contents.pools().getFirst();
    assertThat(pool.name()).isEqualTo("main");
    assertThat(pool.network()).isEqualTo(Network.MAINNET);
    assertThat(pool.maxKeys()).isEqualTo(7);
    assertThat(pool.maxNewKeysPerHour()).isEqualTo(20);
    assertThat(pool.quarantine()).isEqualTo(Duration.ofMinutes(90));
    assertThat(pool.kdf()).isEqualTo(PoolSettings.Kdf.PBKDF2);
  }

  @Test
  void aCustomNetworkIsReadWholeAndValidated() {
    ConfigFile.Contents contents =
        ConfigFile.parse(
            """
            pools:
              - name: devnet
                network:
                  name: my-devnet
                  chainId: 1337
                  depositContractAddress: "0x4242424242424242424242424242424242424242"
                  genesisForkVersion: "0x10000038"
                  genesisTime: 1700000000
                  genesisValidatorsRoot: "0x0000000000000000000000000000000000000000000000000000000000000001"
                  secondsPerSlot: 6
                  slotsPerEpoch: 8
            """);

    Network network = contents.pools().getFirst().network();
    assertThat(network.chainId()).isEqualTo(1337);
    assertThat(network.secondsPerSlot()).isEqualTo(6);
    assertThat(network.slotsPerEpoch()).isEqualTo(8);

    assertThatThrownBy(
            () ->
                ConfigFile.parse(
                    "pools:\n  - name: devnet\n    network:\n      name: x\n      chainId: 5\n"))
        .hasMessageContaining("pools[0].network.");
  }

  @Test
  void aPoolWithoutANetworkStopsStartUpNamingTheSetting() {
    assertThatThrownBy(() -> ConfigFile.parse("pools:\n  - name: devnet\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("pools[0].network is required")
        .hasMessageContaining("hoodi");
    assertThatThrownBy(() -> ConfigFile.parse("pools:\n  - name: devnet\n    network: goerli\n"))
        .hasMessageContaining("'goerli' is not a preset");
  }

  @Test
  void aMisspeltSettingIsAnErrorNamingIt() {
    assertThatThrownBy(() -> ConfigFile.parse(POOL.replace("network:", "maxkeys: 3\n    network:")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown setting pools[0].maxkeys");
    assertThatThrownBy(() -> ConfigFile.parse("databse:\n  url: x\n" + POOL))
        .hasMessageContaining("unknown setting databse");
  }

  @Test
  void badValuesAreErrorsNamingTheSetting() {
    assertThatThrownBy(() -> ConfigFile.parse(POOL + "    maxKeys: many\n"))
        .hasMessageContaining("pools[0].maxKeys must be a whole number");
    assertThatThrownBy(() -> ConfigFile.parse(POOL + "    quarantine: soon\n"))
        .hasMessageContaining("pools[0].quarantine must be a duration");
    assertThatThrownBy(() -> ConfigFile.parse(POOL + "    maxKeys: -1\n"))
        .hasMessageContaining("pools.devnet.maxKeys must be 0 or more");
    assertThatThrownBy(() -> ConfigFile.parse(POOL + "    kdf: argon2\n"))
        .hasMessageContaining("pools[0].kdf must be scrypt or pbkdf2");
    assertThatThrownBy(() -> ConfigFile.parse("pools: 3\n"))
        .hasMessageContaining("pools must be a list");
    assertThatThrownBy(() -> ConfigFile.parse("pools: [\n")).hasMessageContaining("not valid YAML");
  }

  @Test
  void databaseAndWebhookAndLifecycleSettingsAreRead() {
    ConfigFile.Contents contents =
        ConfigFile.parse(
            POOL
                + """
                database:
                  url: postgresql://valet@db:5432/valet
                  poolSize: 4
                  statementTimeout: 2s
                webhook:
                  port: 9443
                  admissionDeadline: 5s
                lifecycle:
                  pendingGrace: 1m
                """);

    assertThat(contents.database().orElseThrow().poolSize()).isEqualTo(4);
    assertThat(contents.database().orElseThrow().statementTimeout())
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(contents.port()).contains(9443);
    assertThat(contents.admissionDeadline()).isEqualTo(Duration.ofSeconds(5));
    assertThat(contents.lifecycle().pendingGrace()).isEqualTo(Duration.ofMinutes(1));
    assertThat(contents.lifecycle().resyncInterval()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void durationsReadAsOperatorsWriteThem() {
    assertThat(Durations.parse("768s", "x")).isEqualTo(Duration.ofSeconds(768));
    assertThat(Durations.parse("1h30m", "x")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("500ms", "x")).isEqualTo(Duration.ofMillis(500));
    for (String bad : new String[] {"", "5", "5x", "s", "1h 30m", "-5s"}) {
      assertThatThrownBy(() -> Durations.parse(bad, "pools.a.quarantine"))
          .as(bad)
          .hasMessageContaining("pools.a.quarantine must be a duration");
    }
  }
}
