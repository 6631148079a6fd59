package dev.valet.webhook.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.valet.allocator.pool.PoolSettings;
import dev.valet.webhook.inject.SecretSizeLimit;
import dev.valet.webhook.lease.ReconcilerSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Start-up checks each pool's maxKeysPerPod against what one Secret can hold. */
class SecretSizeConfigTest {

  @Test
  void theLargestMaxKeysPerPodThatFitsOneSecretIsAccepted() {
    for (PoolSettings.Kdf kdf : PoolSettings.Kdf.values()) {
      PoolSettings pool = PoolSettings.defaults("devnet").withKdf(kdf);
      int fits = SecretSizeLimit.maxKeysPerPod(pool);

      ValetConfig config = config(pool.withMaxKeysPerPod(fits));

      assertThat(config.pools().getFirst().maxKeysPerPod()).isEqualTo(fits);
    }
  }

  @Test
  void oneMoreStopsStartUpNamingTheSettingAndTheLargestAllowedValue() {
    for (PoolSettings.Kdf kdf : PoolSettings.Kdf.values()) {
      PoolSettings pool = PoolSettings.defaults("devnet").withKdf(kdf);
      int fits = SecretSizeLimit.maxKeysPerPod(pool);

      assertThatThrownBy(() -> config(pool.withMaxKeysPerPod(fits + 1)))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("pools.devnet.maxKeysPerPod is " + (fits + 1))
          .hasMessageContaining("1 MiB")
          .hasMessageContaining("set maxKeysPerPod to " + fits + " or less");
    }
  }

  @Test
  void theDefaultPoolPasses() {
    assertThat(config(PoolSettings.defaults("devnet")).pools()).hasSize(1);
  }

  private static ValetConfig config(PoolSettings pool) {
    return new ValetConfig(
        "valet-system",
        Optional.empty(),
        Path.of("master.key"),
        new ValetConfig.Webhook(
            "127.0.0.1",
            0,
            Optional.empty(),
            Optional.empty(),
            ConfigFile.DEFAULT_ADMISSION_DEADLINE),
        List.of(pool),
        Optional.of(new ValetConfig.Local(Path.of("valet-data"), Map.of())),
        Optional.empty(),
        ReconcilerSettings.defaults());
  }
}
