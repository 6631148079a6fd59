package dev.valet.webhook.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.ValetLabels;
import dev.valet.webhook.testing.Eventually;
import dev.valet.webhook.testing.RequiresKubeApiServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An operator allowed to release leases, against the real API server: refused while a pod that
 * carries the lease exists, released with force (recorded as forced, with the ServiceAccount as the
 * actor), and released without force once no pod carries it.
 */
@RequiresKubeApiServer
class AdminReleaseE2ETest {
  private static AdminOnKubernetes world;
  private static ServiceAccountCallers callers;
  private static String operatorName;
  private static AdminHttp operator;

  @BeforeAll
  static void start() throws Exception {
    world = AdminOnKubernetes.start();
    callers =
        new ServiceAccountCallers(
            world.client(), world.namespace("callers"), world.valetNamespace());
    callers.createReaderRole();
    callers.createOperatorRole();
    operatorName = callers.createServiceAccount("operator");
    callers.bind("valet-admin-reader", "operator");
    callers.bind("valet-admin-operator", "operator");
    callers.awaitAllowed(operatorName, "get", "leases");
    callers.awaitAllowed(operatorName, "release", "leases");
    operator = world.admin(Optional.of(callers.token("operator")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (callers != null) {
      callers.close();
    }
    if (world != null) {
      world.close();
    }
  }

  @Test
  void whileItsPodExistsALeaseIsReleasedOnlyByForceAndTheForceIsRecorded() throws Exception {
    String lease = world.admit("alpha");
    world
        .client()
        .pods()
        .inNamespace(world.validators())
        .resource(podCarrying("alpha", lease))
        .create();
    Eventually.await(
        "the reconciler to bind lease " + lease,
        Duration.ofSeconds(30),
        () -> state(lease).equals("bound"));

    AdminHttp.Answer refused = operator.post("/api/v1/leases/" + lease + "/release");

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().getString("error"))
        .startsWith("pod " + world.validators() + "/alpha still exists (phase ")
        .contains("release with force=true");
    assertThat(state(lease)).isEqualTo("bound");

    AdminHttp.Answer forced = operator.post("/api/v1/leases/" + lease + "/release?force=true");

    assertThat(forced.status()).as(forced.body()).isEqualTo(200);
    JsonObject released = forced.json().getJsonObject("lease");
    assertThat(released.getString("state")).isEqualTo("released");
    assertThat(released.getBoolean("forced")).isTrue();
    assertThat(released.getString("releasedBy")).isEqualTo(operatorName);
    assertThat(
            world
                .client()
                .secrets()
                .inNamespace(world.validators())
                .withName("valet-" + lease)
                .get())
        .isNull();
  }

  @Test
  void aLeaseWhosePodWasNeverStoredIsReleasedWithoutForce() throws Exception {
    String lease = world.admit("beta");
    Thread.sleep(1500);

    AdminHttp.Answer released =
        operator.post("/api/v1/leases/" + lease + "/release?reason=cleanup");

    assertThat(released.status()).as(released.body()).isEqualTo(200);
    JsonObject view = released.json().getJsonObject("lease");
    assertThat(view.getBoolean("forced")).isFalse();
    assertThat(view.getString("releasedBy")).isEqualTo(operatorName);
    assertThat(view.getString("releaseReason")).isEqualTo("released by an operator: cleanup");
  }

  private static Pod podCarrying(String name, String lease) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels(ValetLabels.LEASE, lease)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("validator")
        .withImage("validator-client:e2e")
        .endContainer()
        .endSpec()
        .build();
  }

  private static String state(String lease) {
    try {
      return operator.read("/api/v1/leases/" + lease).getString("state");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
