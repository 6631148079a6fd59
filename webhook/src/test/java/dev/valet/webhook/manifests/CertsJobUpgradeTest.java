package dev.valet.webhook.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.testing.ShippedManifests;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes never lets a Job's pod template change, so a finished {@code valet-certs} Job that
 * stayed would make the next {@code kubectl apply -k} with a new image fail. The Job goes away on
 * its own once it has finished, late enough for the README's {@code kubectl wait} to see it
 * complete.
 */
class CertsJobUpgradeTest {
  private static final int README_WAIT_SECONDS = 5 * 60;

  @Test
  void aFinishedCertsJobIsDeletedSoTheNextApplyCanGiveItANewImage() throws Exception {
    Job job = ShippedManifests.base().one(Job.class, "valet-certs");

    assertThat(job.getSpec().getTtlSecondsAfterFinished())
        .as("ttlSecondsAfterFinished of the Job valet-certs")
        .isNotNull()
        .isGreaterThanOrEqualTo(README_WAIT_SECONDS);
  }
}
