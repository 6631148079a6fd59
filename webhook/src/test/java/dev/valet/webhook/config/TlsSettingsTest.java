package dev.valet.webhook.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.store.DatabaseSettings;
import dev.valet.webhook.lease.ReconcilerSettings;
import dev.valet.webhook.tls.ManagedTlsSettings;
import dev.valet.webhook.tls.TlsMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The webhook.tls settings: their defaults, the mode that follows, and errors that name them. */
class TlsSettingsTest {

  @Test
  void managedModeIsTheDefaultInAClusterWhenNoCertificateFileIsGiven() {
    ValetConfig config = cluster(webhook(Optional.empty(), Optional.empty()));

    assertThat(config.tlsMode()).isEqualTo(TlsMode.MANAGED);
    assertThat(config.webhook().managedTls()).isEqualTo(ManagedTlsSettings.defaults());
  }

  @Test
  void givenCertificateFilesMeanFileMode() {
    ValetConfig config = cluster(webhook(Optional.empty(), Optional.of(Path.of("tls.crt"))));

    assertThat(config.tlsMode()).isEqualTo(TlsMode.FILES);
  }

  @Test
  void theTlsSectionSetsEverySettingOfManagedMode() {
    ConfigFile.Contents contents =
        ConfigFile.parse(
            """
            webhook:
              tls:
                mode: managed
                secretName: webhook-certs
                serviceName: valet-admission
                webhookConfiguration: valet-pods
                extraNames: [valet-admission.valet-system.svc.cluster.local, 10.0.0.7]
                leafLifetime: 7d
                leafRenewalFraction: 0.5
                caLifetime: 400d
                caRenewBefore: 30d
                caOverlap: 2m
                rotationInterval: 30s
            """);

    ManagedTlsSettings tls = contents.managedTls();
    assertThat(contents.tlsMode()).contains(TlsMode.MANAGED);
    assertThat(tls.secretName()).isEqualTo("webhook-certs");
    assertThat(tls.serviceName()).isEqualTo("valet-admission");
    assertThat(tls.webhookConfiguration()).isEqualTo("valet-pods");
    assertThat(tls.extraNames())
        .containsExactly("valet-admission.valet-system.svc.cluster.local", "10.0.0.7");
    assertThat(tls.policy().leafLifetime()).isEqualTo(Duration.ofDays(7));
    assertThat(tls.policy().leafRenewalFraction()).isEqualTo(0.5);
    assertThat(tls.policy().caLifetime()).isEqualTo(Duration.ofDays(400));
    assertThat(tls.policy().caRenewBefore()).isEqualTo(Duration.ofDays(30));
    assertThat(tls.policy().caOverlap()).isEqualTo(Duration.ofMinutes(2));
    assertThat(tls.rotationInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(tls.servingNames("valet-system").dnsNames())
        .containsExactly(
            "valet-admission",
            "valet-admission.valet-system",
            "valet-admission.valet-system.svc",
            "valet-admission.valet-system.svc.cluster.local");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "mode: sometimes | webhook.tls.mode must be managed or files",
        "secretName: Valet_TLS | webhook.tls.secretName must be a Kubernetes name",
        "serviceName: valet.webhook | webhook.tls.serviceName must be a Kubernetes name",
        "webhookConfiguration: '' | webhook.tls.webhookConfiguration must be a Kubernetes name",
        "extraNames: ['not a name'] | webhook.tls.extraNames: 'not a name' is neither",
        "extraNames: valet.example | webhook.tls.extraNames must be a list",
        "leafLifetime: 30 | webhook.tls.leafLifetime must be a duration",
        "leafLifetime: 0s | webhook.tls.leafLifetime must be longer than 0s",
        "leafRenewalFraction: 1.5 | webhook.tls.leafRenewalFraction must be a number between 0 and 1",
        "leafRenewalFraction: a third | webhook.tls.leafRenewalFraction must be a number",
        "leafLifetime: 100d | webhook.tls: caRenewBefore",
        "caLifetime: 100d | webhook.tls: caLifetime",
        "rotationInterval: 10ms | webhook.tls.rotationInterval must be 1s or more",
        "rotateEvery: 1m | unknown setting webhook.tls.rotateEvery"
      })
  void aWrongTlsSettingIsNamedInTheError(String setting, String message) {
    assertThatThrownBy(() -> ConfigFile.parse("webhook:\n  tls:\n    " + setting + "\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @Test
  void managedModeWithCertificateFilesIsRefused() {
    assertThatThrownBy(
            () -> cluster(webhook(Optional.of(TlsMode.MANAGED), Optional.of(Path.of("tls.crt")))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("webhook.tls.mode is managed")
        .hasMessageContaining("remove webhook.tlsCertFile");
  }

  @Test
  void fileModeWithoutFilesIsRefused() {
    assertThatThrownBy(() -> cluster(webhook(Optional.of(TlsMode.FILES), Optional.empty())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("webhook.tls.mode is files: give webhook.tlsCertFile");
  }

  @Test
  void aServiceNameThatCannotNameACertificateInThisNamespaceIsRefused() {
    ValetConfig.Webhook webhook = webhook(Optional.empty(), Optional.empty());

    assertThatThrownBy(() -> cluster("Not_A_Namespace", webhook))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("webhook.tls: the serving certificate's names cannot be made");
  }

  private static ValetConfig.Webhook webhook(Optional<TlsMode> mode, Optional<Path> certFile) {
    return new ValetConfig.Webhook(
        "0.0.0.0",
        8443,
        certFile,
        certFile.map(file -> file.resolveSibling("tls.key")),
        ConfigFile.DEFAULT_ADMISSION_DEADLINE,
        mode,
        ManagedTlsSettings.defaults());
  }

  private static ValetConfig cluster(ValetConfig.Webhook webhook) {
    return cluster("valet-system", webhook);
  }

  private static ValetConfig cluster(String namespace, ValetConfig.Webhook webhook) {
    return new ValetConfig(
        namespace,
        Optional.of(DatabaseSettings.of("postgresql://valet@127.0.0.1:5432/valet")),
        Path.of("master.key"),
        webhook,
        List.of(PoolSettings.defaults("devnet")),
        Optional.<ValetConfig.Local>empty(),
        Optional.empty(),
        ReconcilerSettings.defaults());
  }
}
