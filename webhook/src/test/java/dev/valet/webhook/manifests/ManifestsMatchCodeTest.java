package dev.valet.webhook.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.ValetLabels;
import dev.valet.webhook.admin.AdminSettings;
import dev.valet.webhook.config.ConfigFile;
import dev.valet.webhook.lease.ReconcilerService;
import dev.valet.webhook.server.WebhookServer;
import dev.valet.webhook.testing.ShippedManifests;
import dev.valet.webhook.tls.CertificateRotationService;
import dev.valet.webhook.tls.ManagedTlsSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One source of truth: the labels, annotations, names, ports, paths and files in the base are the
 * ones Valet's code uses, read from its constants and from its own configuration reader.
 */
class ManifestsMatchCodeTest {
  private static final String DATABASE_MOUNT = "/etc/valet/database";

  private static ShippedManifests base;
  private static ConfigFile.Contents config;

  @BeforeAll
  static void build() throws Exception {
    base = ShippedManifests.build("base");
    config = ValetConfigs.of(base);
  }

  @Test
  void theWebhookConfigurationSendsOnlyValidatorPodCreatesOfOptedInNamespaces() {
    MutatingWebhookConfiguration configuration =
        base.one(MutatingWebhookConfiguration.class, config.managedTls().webhookConfiguration());
    assertThat(configuration.getWebhooks()).hasSize(1);
    MutatingWebhook webhook = configuration.getWebhooks().getFirst();

    assertThat(webhook.getRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getOperations()).containsExactly("CREATE");
              assertThat(rule.getApiGroups()).containsExactly("");
              assertThat(rule.getApiVersions()).containsExactly("v1");
              assertThat(rule.getResources()).containsExactly("pods");
            });
    assertThat(webhook.getNamespaceSelector().getMatchLabels()).isNullOrEmpty();
    assertThat(webhook.getNamespaceSelector().getMatchExpressions())
        .extracting(
            LabelSelectorRequirement::getKey,
            LabelSelectorRequirement::getOperator,
            LabelSelectorRequirement::getValues)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(ValetLabels.POOL, "Exists", List.of()),
            org.assertj.core.groups.Tuple.tuple(
                "kubernetes.io/metadata.name",
                "NotIn",
                List.of("kube-system", config.namespace().orElseThrow())));
    assertThat(webhook.getObjectSelector().getMatchLabels())
        .isEqualTo(Map.of(ValetLabels.VALIDATOR, "true"));
    assertThat(webhook.getObjectSelector().getMatchExpressions()).isNullOrEmpty();
    assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
    assertThat(webhook.getSideEffects()).isEqualTo("NoneOnDryRun");
    assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
    assertThat(webhook.getTimeoutSeconds()).isEqualTo(10);
    assertThat(config.admissionDeadline().toSeconds()).isLessThan(webhook.getTimeoutSeconds());
    assertThat(webhook.getMatchPolicy()).isEqualTo("Equivalent");
    assertThat(webhook.getReinvocationPolicy()).isEqualTo("Never");
  }

  @Test
  void theApiServerReachesTheWebhookPathThroughTheServiceTheCertificateNames() {
    MutatingWebhook webhook =
        base.one(MutatingWebhookConfiguration.class, config.managedTls().webhookConfiguration())
            .getWebhooks()
            .getFirst();
    Service service = base.one(Service.class, config.managedTls().serviceName());
    ServicePort port = servicePort(service, webhook.getClientConfig().getService().getPort());

    assertThat(webhook.getClientConfig().getService().getName())
        .isEqualTo(ManagedTlsSettings.DEFAULT_SERVICE_NAME);
    assertThat(webhook.getClientConfig().getService().getNamespace())
        .isEqualTo(config.namespace().orElseThrow());
    assertThat(webhook.getClientConfig().getService().getPath())
        .isEqualTo(WebhookServer.MUTATE_PATH);
    assertThat(webhook.getClientConfig().getCaBundle()).isNullOrEmpty();
    assertThat(containerPort(port.getTargetPort())).isEqualTo(webhookPort());
    assertThat(service.getSpec().getSelector())
        .isEqualTo(deployment().getSpec().getSelector().getMatchLabels());
  }

  @Test
  void theDeploymentServesTheConfiguredPortsAndProbesTheWebhooksOwnEndpoints() {
    Container valet = valetContainer();

    assertThat(valet.getPorts())
        .extracting(ContainerPort::getContainerPort)
        .containsExactlyInAnyOrder(webhookPort(), config.admin().port());
    assertThat(config.admin().port()).isEqualTo(AdminSettings.DEFAULT_PORT);
    assertThat(valet.getReadinessProbe().getHttpGet().getPath())
        .isEqualTo(WebhookServer.READY_PATH);
    assertThat(valet.getLivenessProbe().getHttpGet().getPath())
        .isEqualTo(WebhookServer.HEALTH_PATH);
    for (var probe : List.of(valet.getReadinessProbe(), valet.getLivenessProbe())) {
      assertThat(probe.getHttpGet().getScheme()).isEqualTo("HTTPS");
      assertThat(containerPort(probe.getHttpGet().getPort())).isEqualTo(webhookPort());
    }
  }

  @Test
  void theNetworkPolicyLetsInTheWebhookAndAdminPortsOnly() {
    NetworkPolicy policy = base.all(NetworkPolicy.class).getFirst();

    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(deployment().getSpec().getSelector().getMatchLabels());
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(policy.getSpec().getIngress())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getFrom()).isNullOrEmpty();
              assertThat(rule.getPorts())
                  .extracting(NetworkPolicyPort::getPort)
                  .extracting(IntOrString::getIntVal)
                  .containsExactlyInAnyOrder(webhookPort(), config.admin().port());
            });
  }

  @Test
  void theServeCommandAndTheCertsJobReadTheMountedConfigurationAndSecrets() {
    Container valet = valetContainer();
    Container certs = jobContainer();
    Path configFile = Path.of(valet.getArgs().get(2));

    assertThat(valet.getArgs()).containsExactly("serve", "--config", configFile.toString());
    assertThat(certs.getArgs()).containsExactly("certs", "--config", configFile.toString());
    for (Container container : List.of(valet, certs)) {
      assertThat(mountOf(container, configFile.getParent()))
          .as(container.getName() + " mounts the configuration")
          .isEqualTo("config");
      assertThat(mountOf(container, Path.of(DATABASE_MOUNT))).isEqualTo("database");
    }
    assertThat(ValetConfigs.text(base)).contains("passwordFile: " + DATABASE_MOUNT + "/password");
    assertThat(configFile.getFileName().toString()).isEqualTo(ValetConfigs.FILE);
    assertThat(ValetConfigs.text(base))
        .contains("masterKeyFile: " + ConfigFile.DEFAULT_MASTER_KEY_FILE);
    assertThat(mountOf(valet, ConfigFile.DEFAULT_MASTER_KEY_FILE.getParent()))
        .isEqualTo("master-key");
    assertThat(valet.getEnv())
        .anySatisfy(
            env -> {
              assertThat(env.getName()).isEqualTo("POD_NAME");
              assertThat(env.getValueFrom().getFieldRef().getFieldPath())
                  .isEqualTo("metadata.name");
            });
  }

  @Test
  void theRoleNamesTheLeasesAndTheTlsSecretValetUses() {
    Role role = base.one(Role.class, "valet");

    assertThat(namesFor(role.getRules(), "leases"))
        .containsExactlyInAnyOrder(
            ReconcilerService.LOCK_NAME, CertificateRotationService.LOCK_NAME);
    assertThat(namesFor(role.getRules(), "secrets"))
        .containsExactly(config.managedTls().secretName());
    assertThat(config.managedTls().secretName()).isEqualTo(ManagedTlsSettings.DEFAULT_SECRET_NAME);
  }

  @Test
  void theBindingsGiveTheRolesToTheServiceAccountThePodsRunAs() {
    String account = deployment().getSpec().getTemplate().getSpec().getServiceAccountName();

    assertThat(base.one(Job.class, "valet-certs").getSpec().getTemplate().getSpec())
        .extracting(PodSpec::getServiceAccountName)
        .isEqualTo(account);
    for (var subjects :
        List.of(
            base.one(RoleBinding.class, "valet").getSubjects(),
            base.one(ClusterRoleBinding.class, "valet").getSubjects())) {
      assertThat(subjects)
          .singleElement()
          .satisfies(
              subject -> {
                assertThat(subject.getKind()).isEqualTo("ServiceAccount");
                assertThat(subject.getName()).isEqualTo(account);
                assertThat(subject.getNamespace()).isEqualTo(config.namespace().orElseThrow());
              });
    }
  }

  private static List<String> namesFor(List<PolicyRule> rules, String resource) {
    return rules.stream()
        .filter(rule -> rule.getResources().contains(resource))
        .flatMap(
            rule ->
                rule.getResourceNames() == null
                    ? java.util.stream.Stream.<String>empty()
                    : rule.getResourceNames().stream())
        .distinct()
        .toList();
  }

  private static int webhookPort() {
    return config.port().orElse(WebhookServer.DEFAULT_PORT);
  }

  private static Deployment deployment() {
    return base.one(Deployment.class, "valet");
  }

  private static Container valetContainer() {
    return deployment().getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals("valet"))
        .findFirst()
        .orElseThrow();
  }

  private static Container jobContainer() {
    return base.one(Job.class, "valet-certs")
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .getFirst();
  }

  /** The name of the volume {@code container} mounts at {@code path}. */
  private static String mountOf(Container container, Path path) {
    return container.getVolumeMounts().stream()
        .filter(mount -> Path.of(mount.getMountPath()).equals(path))
        .map(mount -> mount.getName())
        .findFirst()
        .orElse("nothing at " + path);
  }

  private static ServicePort servicePort(Service service, Integer port) {
    return service.getSpec().getPorts().stream()
        .filter(p -> p.getPort().equals(port == null ? 443 : port))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the Service has no port " + port));
  }

  /** A container port given by number or by the name of a port of the Valet container. */
  private static int containerPort(IntOrString port) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    return valetContainer().getPorts().stream()
        .filter(p -> p.getName().equals(port.getStrVal()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()))
        .getContainerPort();
  }
}
