package dev.valet.webhook.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.testing.ShippedManifests;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Valet's pods run as a well-run webhook's do: two replicas kept apart and never drained together,
 * unprivileged, on a read-only root filesystem with a writable /tmp, with requests and limits.
 */
class ValetPodSecurityTest {
  private static ShippedManifests base;

  @BeforeAll
  static void build() throws Exception {
    base = ShippedManifests.build("base");
  }

  @Test
  void twoReplicasPreferDifferentNodesAndADrainKeepsOneOfThem() {
    Deployment deployment = base.one(Deployment.class, "valet");
    PodDisruptionBudget budget = base.one(PodDisruptionBudget.class, "valet");
    var podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(
            deployment
                .getSpec()
                .getTemplate()
                .getSpec()
                .getAffinity()
                .getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution())
        .singleElement()
        .satisfies(
            term -> {
              assertThat(term.getPodAffinityTerm().getTopologyKey())
                  .isEqualTo("kubernetes.io/hostname");
              assertThat(podLabels)
                  .containsAllEntriesOf(
                      term.getPodAffinityTerm().getLabelSelector().getMatchLabels());
            });
    assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void theDeploymentAndTheJobRunUnprivilegedOnAReadOnlyRootWithAWritableTmp() {
    PodSpec deployment = base.one(Deployment.class, "valet").getSpec().getTemplate().getSpec();
    PodSpec job = base.one(Job.class, "valet-certs").getSpec().getTemplate().getSpec();

    for (PodSpec pod : List.of(deployment, job)) {
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
      Container container = pod.getContainers().getFirst();
      var security = container.getSecurityContext();
      assertThat(security.getAllowPrivilegeEscalation()).isFalse();
      assertThat(security.getReadOnlyRootFilesystem()).isTrue();
      assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
      String tmpVolume =
          container.getVolumeMounts().stream()
              .filter(mount -> mount.getMountPath().equals("/tmp"))
              .findFirst()
              .orElseThrow(() -> new AssertionError(container.getName() + " has no /tmp"))
              .getName();
      assertThat(pod.getVolumes())
          .anySatisfy(
              volume -> {
                assertThat(volume.getName()).isEqualTo(tmpVolume);
                assertThat(volume.getEmptyDir()).isNotNull();
              });
      assertThat(container.getVolumeMounts())
          .filteredOn(mount -> !mount.getMountPath().equals("/tmp"))
          .allSatisfy(mount -> assertThat(mount.getReadOnly()).isTrue());
    }
  }

  @Test
  void valetHasMemoryAndCpuRequestsAndAMemoryLimitAboveThem() {
    Container valet =
        base.one(Deployment.class, "valet")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .getFirst();
    var resources = valet.getResources();

    assertThat(resources.getRequests()).containsKeys("cpu", "memory");
    Quantity request = resources.getRequests().get("memory");
    Quantity limit = resources.getLimits().get("memory");
    assertThat(limit.getNumericalAmount()).isGreaterThanOrEqualTo(request.getNumericalAmount());
  }
}
