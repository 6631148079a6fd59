package dev.valet.webhook.e2e;

import dev.valet.webhook.ValetLabels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;

/** Pods as a validator's manifests would declare them; no kubelet ever runs them. */
final class ValidatorPods {
  static final String IMAGE = "validator-client:e2e";

  private ValidatorPods() {}

  /** A one-container pod named {@code name}, labelled as a validator that wants a key. */
  static PodBuilder validator(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels(ValetLabels.VALIDATOR, "true")
        .endMetadata()
        .withNewSpec()
        .addToContainers(container("validator"))
        .endSpec();
  }

  /** A validator pod that the API server names, from the prefix {@code generateName}. */
  static PodBuilder validatorNamedByPrefix(String generateName) {
    return validator(null).editMetadata().withGenerateName(generateName).endMetadata();
  }

  /** A one-container pod with no Valet label at all. */
  static PodBuilder ordinary(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("app", "beacon-node")
        .endMetadata()
        .withNewSpec()
        .addToContainers(container("beacon"))
        .endSpec();
  }

  static Container container(String name) {
    return new ContainerBuilder().withName(name).withImage(IMAGE).build();
  }
}
