package dev.valet.webhook.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.valet.allocator.crypto.MasterKey;
import dev.valet.allocator.pool.DepositMode;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.webhook.config.ConfigException;
import dev.valet.webhook.config.ConfigFile;
import dev.valet.webhook.testing.ShippedManifests;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every directory an operator may apply builds with kubectl's kustomize into fabric8 model objects
 * of their own kinds, and each overlay brings what it promises.
 */
class OverlaysBuildTest {
  private static final String NAMESPACE = "valet-system";
  private static final Set<String> CERT_MANAGER_KINDS = Set.of("Certificate", "Issuer");

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/dev", "overlays/production", "overlays/cert-manager"})
  void everyObjectOfTheBuildParsesIntoItsModelClass(String directory) throws Exception {
    List<HasMetadata> objects = ShippedManifests.build(directory).objects();

    assertThat(objects).isNotEmpty();
    for (HasMetadata object : objects) {
      assertThat(object.getMetadata().getName()).as(object.getKind()).isNotBlank();
      if (object instanceof GenericKubernetesResource) {
        assertThat(object.getKind()).as("a kind fabric8 has no model for").isIn(CERT_MANAGER_KINDS);
      }
      if (!isClusterScoped(object)) {
        assertThat(object.getMetadata().getNamespace())
            .as(object.getKind() + " " + object.getMetadata().getName())
            .isEqualTo(NAMESPACE);
      }
    }
  }

  @Test
  void theBaseHasEveryPartOfValetButItsDatabaseAndSecrets() throws Exception {
    ShippedManifests base = ShippedManifests.build("base");

    assertThat(base.objects())
        .extracting(HasMetadata::getKind)
        .contains(
            "Namespace",
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Deployment",
            "PodDisruptionBudget",
            "Service",
            "NetworkPolicy",
            "MutatingWebhookConfiguration",
            "Job",
            "ConfigMap");
    assertThat(base.all(Secret.class)).isEmpty();
    assertThat(base.all(StatefulSet.class)).isEmpty();
  }

  @Test
  void theDevOverlayRunsPostgresOnAClaimWithTheGeneratedPassword() throws Exception {
    ShippedManifests dev = ShippedManifests.build("overlays/dev");
    StatefulSet postgres = dev.one(StatefulSet.class, "postgres");
    Secret database = dev.one(Secret.class, "valet-database");
    Secret masterKey = dev.one(Secret.class, "valet-master-key");

    assertThat(postgres.getSpec().getVolumeClaimTemplates()).hasSize(1);
    assertThat(database.getData()).containsKey("password");
    assertThat(database.getData().get("password")).isNotBlank();
    assertThat(masterKey.getData()).containsKey("master.key");
    PodSpec pod = postgres.getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .anySatisfy(
            volume ->
                assertThat(volume.getSecret().getSecretName())
                    .isEqualTo(database.getMetadata().getName()));
    assertThat(dev.one(Service.class, "postgres").getSpec().getPorts())
        .anySatisfy(port -> assertThat(port.getPort()).isEqualTo(5432));
    ConfigFile.Contents config = ValetConfigs.of(dev);
    assertThat(config.pools()).extracting(PoolSettings::name).containsExactly("devnet");
    var env = pod.getContainers().getFirst().getEnv();
    assertThat(config.database().orElseThrow().url())
        .isEqualTo(
            "postgresql://"
                + envValue(env, "POSTGRES_USER")
                + "@postgres."
                + NAMESPACE
                + ":5432/"
                + envValue(env, "POSTGRES_DB"));
  }

  @Test
  void theDevMasterKeyThatMakeSecretsWritesIsOneValetLoads() throws Exception {
    Secret masterKey = ShippedManifests.build("overlays/dev").one(Secret.class, "valet-master-key");
    Path file = Files.createTempFile("valet-master-", ".key");
    try {
      Files.write(file, Base64.getMimeDecoder().decode(masterKey.getData().get("master.key")));

      assertThat(MasterKey.load(file, "masterKeyFile")).isNotNull();
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void theProductionOverlayNeedsItsSecretsMadeByTheOperatorAndServesTwoPools() throws Exception {
    ShippedManifests production = ShippedManifests.build("overlays/production");

    assertThat(production.all(Secret.class)).isEmpty();
    assertThat(production.all(StatefulSet.class)).isEmpty();
    assertThat(production.one(ConfigMap.class, "valet-config").getData()).containsKey("valet.yaml");
    assertThat(
            production
                .one(Deployment.class, "valet")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getImage())
        .isEqualTo("registry.example.com/valet:0.1.0");
  }

  @Test
  void productionRefusesToStartUntilTheWithdrawalAddressesAreFilledIn() throws Exception {
    String shipped = ValetConfigs.text(ShippedManifests.build("overlays/production"));

    assertThatThrownBy(() -> ValetConfigs.read(shipped, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("withdrawalAddress");
    ConfigFile.Contents filledIn =
        ValetConfigs.read(
            shipped,
            Map.of(
                "<hoodi withdrawal address, 0x and 40 hex digits>",
                "0x" + "11".repeat(20),
                "<mainnet withdrawal address, 0x and 40 hex digits>",
                "0x" + "22".repeat(20)));
    assertThat(filledIn.pools())
        .extracting(
            PoolSettings::name, pool -> pool.network().name(), pool -> pool.deposits().mode())
        .containsExactly(
            tuple("hoodi", "hoodi", DepositMode.EXPORT),
            tuple("mainnet", "mainnet", DepositMode.EXPORT));
  }

  @Test
  void theCertManagerOverlayDropsTheCertsJobAndMountsTheIssuedSecret() throws Exception {
    ShippedManifests certManager = ShippedManifests.build("overlays/cert-manager");

    assertThat(certManager.all(Job.class)).isEmpty();
    assertThat(
            certManager
                .one(Deployment.class, "valet")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getVolumes())
        .anySatisfy(
            volume -> {
              assertThat(volume.getSecret()).isNotNull();
              assertThat(volume.getSecret().getSecretName())
                  .isEqualTo("valet-webhook-cert-manager-tls");
            });
    assertThat(certManager.all(PodDisruptionBudget.class)).hasSize(1);
    assertThat(certManager.one(Namespace.class, NAMESPACE)).isNotNull();
  }

  private static String envValue(List<EnvVar> env, String name) {
    return env.stream()
        .filter(variable -> variable.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("Postgres has no " + name))
        .getValue();
  }

  private static boolean isClusterScoped(HasMetadata object) {
    return Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "MutatingWebhookConfiguration")
        .contains(object.getKind());
  }
}
