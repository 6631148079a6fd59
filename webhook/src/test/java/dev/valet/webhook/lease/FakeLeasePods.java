package dev.valet.webhook.lease;

import dev.valet.webhook.ValetLabels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The API as a test wants it to answer: the listed pods, the pods by name, or failures. */
final class FakeLeasePods implements LeasePods {
  private Optional<RuntimeException> listFailure = Optional.empty();
  private Optional<RuntimeException> getFailure = Optional.empty();
  private final Map<String, Pod> pods = new HashMap<>();
  final List<String> deletedSecrets = new ArrayList<>();
  final List<String> ownedSecrets = new ArrayList<>();

  /** A pod of {@code namespace}/{@code name} that carries {@code lease}, in {@code phase}. */
  static Pod pod(String namespace, String name, String uid, UUID lease, String phase) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withUid(uid)
        .addToLabels(ValetLabels.LEASE, lease.toString())
        .endMetadata()
        .withNewStatus()
        .withPhase(phase)
        .endStatus()
        .build();
  }

  /** The same pod with a deletionTimestamp: it is being deleted, its containers may still run. */
  static Pod beingDeleted(Pod pod) {
    return new PodBuilder(pod)
        .editMetadata()
        .withDeletionTimestamp("2026-01-01T00:00:00Z")
        .endMetadata()
        .build();
  }

  void add(Pod pod) {
    pods.put(key(pod.getMetadata().getNamespace(), pod.getMetadata().getName()), pod);
  }

  void remove(Pod pod) {
    pods.remove(key(pod.getMetadata().getNamespace(), pod.getMetadata().getName()));
  }

  void failLists(RuntimeException failure) {
    listFailure = Optional.of(failure);
  }

  void failGets(RuntimeException failure) {
    getFailure = Optional.of(failure);
  }

  void answerAgain() {
    listFailure = Optional.empty();
    getFailure = Optional.empty();
  }

  @Override
  public Future<List<Pod>> listLeasePods() {
    if (listFailure.isPresent()) {
      return Future.failedFuture(listFailure.get());
    }
    return Future.succeededFuture(List.copyOf(pods.values()));
  }

  @Override
  public Future<List<Pod>> podsCarrying(String namespace, UUID leaseId) {
    return listLeasePods()
        .map(
            listed ->
                listed.stream()
                    .filter(pod -> pod.getMetadata().getNamespace().equals(namespace))
                    .filter(pod -> PodStates.leaseOf(pod).equals(Optional.of(leaseId)))
                    .toList());
  }

  @Override
  public Future<Optional<Pod>> get(String namespace, String name) {
    if (getFailure.isPresent()) {
      return Future.failedFuture(getFailure.get());
    }
    return Future.succeededFuture(Optional.ofNullable(pods.get(key(namespace, name))));
  }

  @Override
  public Future<Void> ownSecret(String namespace, String secretName, Pod owner) {
    ownedSecrets.add(namespace + "/" + secretName);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> deleteSecret(String namespace, String secretName) {
    deletedSecrets.add(namespace + "/" + secretName);
    return Future.succeededFuture();
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
