package dev.valet.webhook.admin.release;

import dev.valet.allocator.admin.LeaseView;
import dev.valet.allocator.admin.PgLeaseReads;
import dev.valet.allocator.lease.LeaseIds;
import dev.valet.allocator.lease.LeaseReleaser;
import dev.valet.allocator.lease.LeaseState;
import dev.valet.webhook.admission.Failures;
import dev.valet.webhook.inject.SecretWriter;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An operator releases a lease by hand, under the reconciler's safety rules: refused while a pod
 * that carries the lease may still run, while a pending lease is younger than the pending grace
 * (its pod may not be stored yet), or while nobody can tell; unless forced. A forced release is
 * recorded as forced, with the operator's identity as the actor. The lease's Secret is deleted and
 * its keys are quarantined like any released key.
 */
public final class OperatorRelease {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorRelease.class);

  private final PgLeaseReads leases;
  private final LeaseReleaser releaser;
  private final PodPresence pods;
  private final SecretWriter secrets;
  private final Duration pendingGrace;
  private final Clock clock;

  /**
   * @param pendingGrace how long the reconciler waits for a pending lease's pod
   */
  public OperatorRelease(
      PgLeaseReads leases,
      LeaseReleaser releaser,
      PodPresence pods,
      SecretWriter secrets,
      Duration pendingGrace,
      Clock clock) {
    this.leases = leases;
    this.releaser = releaser;
    this.pods = pods;
    this.secrets = secrets;
    this.pendingGrace = pendingGrace;
    this.clock = clock;
  }

  /**
   * @param force release even if the pod may still run
   * @param reason the operator's words for the audit log
   * @param actor the operator's identity
   */
  public Future<ReleaseOutcome> release(
      UUID id, boolean force, Optional<String> reason, String actor) {
    return leases
        .find(id)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.succeededFuture(new ReleaseOutcome.NoSuchLease());
              }
              LeaseView lease = found.get();
              if (lease.state() == LeaseState.RELEASED) {
                return Future.succeededFuture(new ReleaseOutcome.AlreadyReleased(lease));
              }
              if (force) {
                return releaseNow(lease, true, reason, actor);
              }
              return releaseIfGone(lease, reason, actor);
            });
  }

  private Future<ReleaseOutcome> releaseIfGone(
      LeaseView lease, Optional<String> reason, String actor) {
    if (lease.state() == LeaseState.PENDING) {
      Instant graceEnds = lease.createdAt().toInstant().plus(pendingGrace);
      if (clock.instant().isBefore(graceEnds)) {
        return Future.succeededFuture(
            new ReleaseOutcome.TooRecent(Duration.between(clock.instant(), graceEnds)));
      }
    }
    return pods.of(lease)
        .compose(
            answer ->
                switch (answer) {
                  case PodPresence.Answer.Present present ->
                      Future.succeededFuture(
                          new ReleaseOutcome.PodExists(present.pod(), present.phase()));
                  case PodPresence.Answer.Unknown unknown ->
                      Future.succeededFuture(new ReleaseOutcome.Unconfirmed(unknown.reason()));
                  case PodPresence.Answer.Gone gone -> releaseNow(lease, false, reason, actor);
                });
  }

  private Future<ReleaseOutcome> releaseNow(
      LeaseView lease, boolean forced, Optional<String> reason, String actor) {
    String recorded =
        (forced ? "forced release by an operator" : "released by an operator")
            + reason.map(words -> ": " + words).orElse("");
    return releaser
        .release(lease.id(), recorded, actor, forced)
        .compose(
            outcome ->
                switch (outcome) {
                  case NO_SUCH_LEASE -> Future.succeededFuture(new ReleaseOutcome.NoSuchLease());
                  case ALREADY_RELEASED ->
                      reread(lease.id()).map(now -> new ReleaseOutcome.AlreadyReleased(now));
                  case RELEASED ->
                      deleteSecret(lease)
                          .compose(
                              deleted ->
                                  reread(lease.id())
                                      .map(now -> new ReleaseOutcome.Released(now, deleted)));
                });
  }

  private Future<Boolean> deleteSecret(LeaseView lease) {
    String name = LeaseIds.secretName(lease.id());
    return secrets
        .delete(lease.pod().namespace(), name)
        .map(true)
        .otherwise(
            failure -> {
              LOG.warn(
                  "Lease {} released but its Secret {}/{} could not be deleted: {}",
                  lease.id(),
                  lease.pod().namespace(),
                  name,
                  Failures.describe(failure));
              return false;
            });
  }

  private Future<LeaseView> reread(UUID id) {
    return leases.find(id).map(Optional::orElseThrow);
  }
}
