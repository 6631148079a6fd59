package dev.valet.webhook.e2e;

import static dev.valet.webhook.e2e.LifecycleCluster.leaseOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.webhook.testing.AdmissionBurst;
import dev.valet.webhook.testing.AdmissionClient;
import dev.valet.webhook.testing.Eventually;
import dev.valet.webhook.testing.LeaseTable;
import dev.valet.webhook.testing.RequiresKubeApiServer;
import dev.valet.webhook.testing.ValetProcess;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Valet killed with SIGKILL while it allocates: nothing of it runs afterwards, so transactions in
 * flight are cut off, Secrets are half written or not at all, and the Kubernetes Lease of its
 * reconciler is never given up. After a restart on the same database no key has two unreleased
 * leases, a retried request gets the lease it already had, the pods that exist keep theirs, and the
 * pending leases whose pods never appeared are released by the reconciler after the grace, with
 * their Secrets.
 */
@RequiresKubeApiServer
@Timeout(300)
class KilledDuringAllocationsE2ETest {
  /**
   * Long enough that the retries sent once the new process is ready fall inside it: a retry after
   * the grace rightly finds its lease released and is told to create the pod again.
   */
  private static final Duration GRACE = Duration.ofSeconds(20);

  private static final Duration QUARANTINE = Duration.ofSeconds(3);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int BURST_LIMIT = 200;
  private static final int BURST_THREADS = 8;
  private static final int GRANTED_BEFORE_KILL = 30;
  private static final List<String> JVM = List.of("-Xmx256m");

  private static ProcessCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = ProcessCluster.start(new ProcessCluster.Settings(GRACE, QUARANTINE, 400), JVM);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void afterSigkillMidAllocationNoKeyIsLeasedTwiceAndOrphanedPendingLeasesGoAfterTheGrace()
      throws Exception {
    String namespace = cluster.namespaceInPool();
    List<UUID> running = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      running.add(leaseOf(cluster.createValidator(namespace, "validator-" + i)));
    }
    for (UUID lease : running) {
      Eventually.await("lease " + lease + " to be bound", WAIT, () -> state(lease).equals("bound"));
    }

    AdmissionClient admissions = cluster.admissionClient();
    AdmissionBurst burst = AdmissionBurst.start(admissions, namespace, BURST_LIMIT, BURST_THREADS);
    Eventually.await(
        GRANTED_BEFORE_KILL + " admissions",
        WAIT,
        () -> burst.grantedCount() >= GRANTED_BEFORE_KILL);
    ValetProcess first = cluster.current();
    int status = first.kill();
    burst.stop();

    assertThat(status).as("exit status of the killed process (128 + SIGKILL)").isEqualTo(137);
    assertThat(burst.cutOff()).as("admissions in flight when the process was killed").isNotEmpty();
    System.out.printf(
        "SIGKILL during allocations: %d allowed before the kill, %d cut off in flight, %d denied%n",
        burst.grantedCount(), burst.cutOff().size(), burst.deniedCount());
    assertThat(cluster.invariants().unreleasedLeaseSecrets(namespace))
        .as("the leases the killed process left unreleased")
        .hasSizeGreaterThanOrEqualTo(running.size() + burst.grantedCount());
    cluster.invariants().assertKeysHeldOnce();

    cluster.startProcess(JVM);
    UUID afterRestart = leaseOf(cluster.createValidator(namespace, "validator-after-restart"));
    running.add(afterRestart);
    List<UUID> retried = retryCutOff(admissions, burst);

    List<UUID> orphaned = new ArrayList<>();
    for (UUID lease : cluster.leases().idsIn(namespace)) {
      if (!running.contains(lease)) {
        orphaned.add(lease);
      }
    }
    assertThat(orphaned)
        .as("pending leases of pods that never appeared")
        .containsAll(burst.granted().values().stream().map(UUID::fromString).toList())
        .containsAll(retried);
    Eventually.await(
        "every lease of a pod that never appeared to be released",
        Duration.ofSeconds(90),
        () -> orphaned.stream().allMatch(lease -> state(lease).equals("released")));
    for (UUID lease : orphaned) {
      LeaseTable.LeaseRow row = cluster.leases().lease(lease);
      assertThat(Duration.between(row.createdAt(), row.releasedAt().orElseThrow()))
          .as("time from admission to release of %s", lease)
          .isGreaterThanOrEqualTo(GRACE);
      assertThat(row.releasedBy())
          .hasValueSatisfying(by -> assertThat(by).startsWith("reconciler:"));
      assertThat(row.releaseReason()).hasValueSatisfying(why -> assertThat(why).contains("no pod"));
      assertThat(cluster.leases().events(lease, "lease.released")).hasSize(1);
    }
    Eventually.await(
        "the lease of the pod admitted after the restart to be bound",
        WAIT,
        () -> state(afterRestart).equals("bound"));
    for (UUID lease : running) {
      assertThat(state(lease)).as("lease %s of a pod that exists", lease).isEqualTo("bound");
    }
    Eventually.await(
        "the Secrets of released leases to be deleted",
        WAIT,
        () ->
            cluster
                .invariants()
                .leaseSecrets(namespace)
                .equals(cluster.invariants().unreleasedLeaseSecrets(namespace)));
    cluster.invariants().assertHold(QUARANTINE.toSeconds(), List.of(namespace));
  }

  /**
   * Sends each review the kill cut off again, as the API server retries a webhook call: one whose
   * allocation had committed gets that same lease; either way each is allowed once Valet is back.
   */
  private static List<UUID> retryCutOff(AdmissionClient admissions, AdmissionBurst burst)
      throws Exception {
    List<UUID> leases = new ArrayList<>();
    int committedBeforeTheKill = 0;
    for (String uid : burst.cutOff()) {
      Optional<UUID> committed = cluster.leases().leaseOfRequest(uid);
      JsonObject response = admissions.review(burst.review(uid));
      assertThat(response.getBoolean("allowed")).as("retry of %s: %s", uid, response).isTrue();
      UUID lease = UUID.fromString(AdmissionBurst.leaseLabel(response));
      if (committed.isPresent()) {
        committedBeforeTheKill++;
        assertThat(lease).as("the lease of retried request %s", uid).isEqualTo(committed.get());
      }
      leases.add(lease);
    }
    System.out.printf(
        "Retried %d cut-off admissions after the restart; %d had committed their lease before the"
            + " kill%n",
        leases.size(), committedBeforeTheKill);
    return leases;
  }

  private static String state(UUID lease) {
    return cluster.leases().state(lease);
  }
}
