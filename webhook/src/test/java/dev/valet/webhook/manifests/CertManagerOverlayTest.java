package dev.valet.webhook.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import dev.valet.certs.SubjectAlternativeNames;
import dev.valet.webhook.tls.ManagedTlsSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cert-manager overlay parses into Kubernetes objects, and its pieces fit: the Certificate
 * covers the Service's names, the caBundle is injected from that Certificate, and Valet serves the
 * Secret cert-manager writes, in file mode.
 */
class CertManagerOverlayTest {
  private static final Path OVERLAY = Path.of("..", "manifests", "overlays", "cert-manager");
  private static final String NAMESPACE = "valet-system";

  @Test
  void everyFileTheKustomizationNamesExistsAndParses() throws IOException {
    GenericKubernetesResource kustomization =
        only("kustomization.yaml", GenericKubernetesResource.class);

    assertThat(kustomization.getKind()).isEqualTo("Kustomization");
    List<String> resources = strings(kustomization, "resources");
    assertThat(resources).first().isEqualTo("../../base");
    List<String> files = new ArrayList<>(resources.subList(1, resources.size()));
    List<String> jsonPatches = new ArrayList<>();
    for (Object patch : (List<?>) kustomization.getAdditionalProperties().get("patches")) {
      Map<?, ?> entry = (Map<?, ?>) patch;
      (entry.containsKey("target") ? jsonPatches : files).add((String) entry.get("path"));
    }
    assertThat(files).hasSize(5);
    for (String file : files) {
      assertThat(documents(file)).as(file).isNotEmpty().allSatisfy(this::hasKindAndName);
    }
    assertThat(jsonPatches).hasSize(2);
    for (String file : jsonPatches) {
      List<?> operations =
          Serialization.unmarshal(Files.readString(OVERLAY.resolve(file)), List.class);
      assertThat(operations)
          .as(file)
          .isNotEmpty()
          .allSatisfy(
              op ->
                  assertThat(new ArrayList<Object>(((Map<?, ?>) op).keySet()))
                      .contains("op", "path"));
    }
  }

  @Test
  void theServingCertificateCoversTheServiceNamesValetWouldPutInItsOwn() throws IOException {
    GenericKubernetesResource certificate =
        only("certificate.yaml", GenericKubernetesResource.class);
    SubjectAlternativeNames valetsOwn = ManagedTlsSettings.defaults().servingNames(NAMESPACE);

    assertThat(certificate.getKind()).isEqualTo("Certificate");
    assertThat(spec(certificate, "dnsNames")).asInstanceOf(LIST).containsAll(valetsOwn.dnsNames());
    assertThat(spec(certificate, "usages")).asInstanceOf(LIST).contains("server auth");
    assertThat(issuerName(certificate)).isEqualTo(caIssuer().getMetadata().getName());
  }

  @Test
  void theCaIssuerIsBootstrappedBySelfSigningACaCertificate() throws IOException {
    List<HasMetadata> issuers = documents("issuer.yaml");
    GenericKubernetesResource caCertificate =
        (GenericKubernetesResource)
            issuers.stream()
                .filter(o -> o.getKind().equals("Certificate"))
                .findFirst()
                .orElseThrow();

    assertThat(spec(caCertificate, "isCA")).isEqualTo(true);
    GenericKubernetesResource selfSigned = issuerNamed(issuers, issuerName(caCertificate));
    assertThat(selfSigned.getAdditionalProperties().get("spec"))
        .asInstanceOf(MAP)
        .containsKey("selfSigned");
    assertThat(caIssuerSpec().get("secretName")).isEqualTo(spec(caCertificate, "secretName"));
  }

  @Test
  void theWebhookConfigurationGetsItsCaBundleInjectedFromTheServingCertificate()
      throws IOException {
    MutatingWebhookConfiguration configuration =
        only("webhook-configuration-patch.yaml", MutatingWebhookConfiguration.class);
    GenericKubernetesResource certificate =
        only("certificate.yaml", GenericKubernetesResource.class);

    assertThat(configuration.getMetadata().getName())
        .isEqualTo(ManagedTlsSettings.DEFAULT_WEBHOOK_CONFIGURATION);
    assertThat(configuration.getMetadata().getAnnotations())
        .containsEntry(
            "cert-manager.io/inject-ca-from",
            certificate.getMetadata().getNamespace() + "/" + certificate.getMetadata().getName());
  }

  @Test
  void valetServesTheIssuedSecretInFileModeAndTheCertsJobIsDropped() throws IOException {
    Deployment deployment = only("deployment-patch.yaml", Deployment.class);
    GenericKubernetesResource certificate =
        only("certificate.yaml", GenericKubernetesResource.class);
    Container valet = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();

    String mountPath = valet.getVolumeMounts().getFirst().getMountPath();
    assertThat(valet.getArgs())
        .containsSubsequence("--tls-cert", mountPath + "/tls.crt")
        .containsSubsequence("--tls-key", mountPath + "/tls.key");
    assertThat(
            deployment
                .getSpec()
                .getTemplate()
                .getSpec()
                .getVolumes()
                .getFirst()
                .getSecret()
                .getSecretName())
        .isEqualTo(spec(certificate, "secretName"));
    Job job = only("certs-job-patch.yaml", Job.class);
    assertThat(job.getAdditionalProperties()).containsEntry("$patch", "delete");
  }

  private GenericKubernetesResource caIssuer() throws IOException {
    GenericKubernetesResource certificate =
        only("certificate.yaml", GenericKubernetesResource.class);
    return issuerNamed(documents("issuer.yaml"), issuerName(certificate));
  }

  private Map<?, ?> caIssuerSpec() throws IOException {
    return (Map<?, ?>) ((Map<?, ?>) caIssuer().getAdditionalProperties().get("spec")).get("ca");
  }

  private static GenericKubernetesResource issuerNamed(List<HasMetadata> objects, String name) {
    return (GenericKubernetesResource)
        objects.stream()
            .filter(o -> o.getKind().equals("Issuer") && o.getMetadata().getName().equals(name))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Issuer " + name));
  }

  private static String issuerName(GenericKubernetesResource certificate) {
    return (String) ((Map<?, ?>) spec(certificate, "issuerRef")).get("name");
  }

  private static Object spec(GenericKubernetesResource resource, String key) {
    return ((Map<?, ?>) resource.getAdditionalProperties().get("spec")).get(key);
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(GenericKubernetesResource resource, String key) {
    return (List<String>) resource.getAdditionalProperties().get(key);
  }

  private void hasKindAndName(HasMetadata object) {
    assertThat(object.getKind()).isNotBlank();
    assertThat(object.getMetadata().getName()).isNotBlank();
  }

  private static <T extends HasMetadata> T only(String file, Class<T> type) throws IOException {
    List<HasMetadata> objects = documents(file);
    assertThat(objects).as(file).hasSize(1);
    return type.cast(objects.getFirst());
  }

  /** Each YAML document of the file, as the fabric8 model class of its kind. */
  private static List<HasMetadata> documents(String file) throws IOException {
    String text = Files.readString(OVERLAY.resolve(file));
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : text.split("(?m)^---$")) {
      if (!document.strip().isEmpty()) {
        objects.add(Serialization.unmarshal(document, HasMetadata.class));
      }
    }
    return objects;
  }
}
