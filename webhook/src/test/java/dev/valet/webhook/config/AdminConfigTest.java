package dev.valet.webhook.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.store.DatabaseSettings;
import dev.valet.webhook.admin.AdminSettings;
import dev.valet.webhook.lease.ReconcilerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminConfigTest {
  private static final String POOL = "pools:\n  - name: devnet\n    network: hoodi\n";

  @Test
  void withoutAnAdminSectionTheEndpointListensOn8081WithoutTls() {
    AdminSettings admin = ConfigFile.parse(POOL).admin();

    assertThat(admin).isEqualTo(AdminSettings.defaults());
    assertThat(admin.port()).isEqualTo(8081);
    assertThat(admin.tlsCertFile()).isEmpty();
    assertThat(admin.listenHost(true)).isEqualTo("127.0.0.1");
    assertThat(admin.listenHost(false)).isEqualTo("0.0.0.0");
  }

  @Test
  void theAdminSectionIsReadWhole() {
    AdminSettings admin =
        ConfigFile.parse(
                POOL
                    + """
                    admin:
                      host: 10.0.0.7
                      port: 9091
                      tlsCertFile: /etc/valet/admin-tls/tls.crt
                      tlsKeyFile: /etc/valet/admin-tls/tls.key
                      authCacheTtl: 5s
                      gaugeRefresh: 1m
                    """)
            .admin();

    assertThat(admin.host()).contains("10.0.0.7");
    assertThat(admin.port()).isEqualTo(9091);
    assertThat(admin.tlsCertFile()).contains(Path.of("/etc/valet/admin-tls/tls.crt"));
    assertThat(admin.tlsKeyFile()).contains(Path.of("/etc/valet/admin-tls/tls.key"));
    assertThat(admin.authCacheTtl()).isEqualTo(Duration.ofSeconds(5));
    assertThat(admin.gaugeRefresh()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void aCertificateWithoutItsKeyIsRefused() {
    assertThatThrownBy(() -> ConfigFile.parse(POOL + "admin:\n  tlsCertFile: /tls.crt\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "admin.tlsCertFile and admin.tlsKeyFile go together: give both, or neither for plain"
                + " HTTP");
  }

  @Test
  void anUnknownAdminSettingIsRefused() {
    assertThatThrownBy(() -> ConfigFile.parse(POOL + "admin:\n  prot: 8081\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unknown setting admin.prot");
  }

  @Test
  void aTokenFileIsForLocalModeOnly() {
    AdminSettings admin = AdminSettings.defaults().withTokenFile(Path.of("/admin.token"));

    assertThatThrownBy(() -> clusterConfig().withAdmin(admin))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("admin.tokenFile is for local mode");
  }

  @Test
  void theAdminEndpointNeedsAPortOfItsOwn() {
    assertThatThrownBy(() -> clusterConfig().withAdmin(AdminSettings.defaults().withPort(8443)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("admin.port and webhook.port are both 8443; give each its own port");
  }

  private static ValetConfig clusterConfig() {
    return new ValetConfig(
        "valet-system",
        Optional.of(DatabaseSettings.of("postgresql://valet@db/valet")),
        Path.of("/master.key"),
        new ValetConfig.Webhook(
            "0.0.0.0",
            8443,
            Optional.of(Path.of("/tls.crt")),
            Optional.of(Path.of("/tls.key")),
            Duration.ofSeconds(8)),
        List.of(PoolSettings.defaults("devnet")),
        Optional.empty(),
        Optional.empty(),
        ReconcilerSettings.defaults(),
        Optional.empty());
  }
}
