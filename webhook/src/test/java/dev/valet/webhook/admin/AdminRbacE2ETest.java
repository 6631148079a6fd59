package dev.valet.webhook.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.testing.Eventually;
import dev.valet.webhook.testing.RequiresKubeApiServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * In a cluster, RBAC decides who may look and who may act: the admin endpoint asks the real API
 * server's TokenReview who a ServiceAccount token belongs to, then SubjectAccessReview whether that
 * ServiceAccount holds the verb on the virtual resource in Valet's namespace.
 */
@RequiresKubeApiServer
class AdminRbacE2ETest {
  private static final List<String> READS =
      List.of(
          "/api/v1/pools",
          "/api/v1/pools/" + AdminOnKubernetes.POOL,
          "/api/v1/keys",
          "/api/v1/leases",
          "/api/v1/events",
          "/metrics");

  private static AdminOnKubernetes world;
  private static ServiceAccountCallers callers;
  private static String readerName;
  private static String reader;
  private static String outsider;
  private static String lease;

  @BeforeAll
  static void start() throws Exception {
    world = AdminOnKubernetes.start();
    String namespace = world.namespace("callers");
    callers = new ServiceAccountCallers(world.client(), namespace, world.valetNamespace());
    callers.createReaderRole();
    readerName = callers.createServiceAccount("reader");
    callers.createServiceAccount("outsider");
    callers.bind("valet-admin-reader", "reader");
    for (String resource : ServiceAccountCallers.READABLE) {
      callers.awaitAllowed(readerName, "list", resource);
    }
    reader = callers.token("reader");
    outsider = callers.token("outsider");
    lease = world.admit("alpha");
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
  void aServiceAccountAllowedToReadSeesEveryList() throws Exception {
    AdminHttp admin = world.admin(Optional.of(reader));

    for (String path : READS) {
      assertThat(admin.get(path).status()).as(path).isEqualTo(200);
    }
    assertThat(admin.read("/api/v1/leases/" + lease).getString("pod")).isEqualTo("alpha");
    Eventually.await(
        "the metrics to show this replica leading the reconciler",
        Duration.ofSeconds(30),
        () -> {
          try {
            return admin.readText("/metrics").contains("valet_reconciler_leading 1.0");
          } catch (Exception e) {
            return false;
          }
        });
  }

  @Test
  void aServiceAccountWithoutTheRoleGets403AndNothingElse() throws Exception {
    AdminHttp admin = world.admin(Optional.of(outsider));

    for (String path : READS) {
      AdminHttp.Answer answer = admin.get(path);
      assertThat(answer.status()).as(path).isEqualTo(403);
      assertThat(answer.json().fieldNames()).containsExactly("error");
    }
    assertThat(admin.get("/api/v1/leases").json().getString("error"))
        .isEqualTo(
            "system:serviceaccount:"
                + readerName.split(":")[2]
                + ":outsider may not list leases.valet.dev in namespace "
                + world.valetNamespace());
  }

  @Test
  void readingDoesNotAllowActing() throws Exception {
    AdminHttp admin = world.admin(Optional.of(reader));

    AdminHttp.Answer answer = admin.post("/api/v1/leases/" + lease + "/release?force=true");

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.json().getString("error"))
        .isEqualTo(
            readerName
                + " may not release leases.valet.dev in namespace "
                + world.valetNamespace());
    assertThat(admin.read("/api/v1/leases/" + lease).getString("state")).isNotEqualTo("released");
  }

  @Test
  void aTokenTheApiServerDoesNotKnowGets401() throws Exception {
    AdminHttp.Answer answer = world.admin(Optional.of("forged.token.value")).get("/api/v1/pools");

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.body()).isEqualTo("{\"error\":\"the token is not valid\"}");
    assertThat(world.admin(Optional.empty()).get("/api/v1/pools").status()).isEqualTo(401);
  }
}
