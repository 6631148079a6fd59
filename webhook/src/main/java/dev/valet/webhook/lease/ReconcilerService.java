package dev.valet.webhook.lease;

import dev.valet.webhook.ValetLabels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the reconciler on the one replica that holds the Kubernetes Lease {@code valet-reconciler}.
 * Leadership is renewed well inside the lease's duration, so a replica that loses it stops
 * reconciling (checked before every change) before another replica can take it. Admission is not
 * affected: every replica admits pods.
 */
public final class ReconcilerService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReconcilerService.class);
  public static final String LOCK_NAME = "valet-reconciler";

  private final Vertx vertx;
  private final KubernetesClient client;
  private final String namespace;
  private final String identity;
  private final ReconcilerSettings settings;
  private final AtomicBoolean leading = new AtomicBoolean();
  private final AtomicReference<Instant> lastResync = new AtomicReference<>();
  private final LeaseReconciler reconciler;
  private CompletableFuture<?> election;
  private SharedIndexInformer<Pod> informer;
  private long resyncTimer = -1;
  private long pendingTimer = -1;

  /**
   * @param namespace where the Lease lock lives (Valet's own namespace)
   * @param identity this replica's name in the lock (its pod name)
   * @param reconciler built with {@link #leading()} as its leadership check
   */
  public ReconcilerService(
      Vertx vertx,
      KubernetesClient client,
      String namespace,
      String identity,
      ReconcilerSettings settings,
      java.util.function.Function<java.util.function.BooleanSupplier, LeaseReconciler> reconciler) {
    this.vertx = vertx;
    this.client = client;
    this.namespace = namespace;
    this.identity = identity;
    this.settings = settings;
    this.reconciler = reconciler.apply(leading::get);
  }

  /** Joins the election; reconciling starts when this replica becomes the leader. */
  public void start() {
    var config =
        new LeaderElectionConfigBuilder()
            .withName(LOCK_NAME)
            .withLock(new LeaseLock(namespace, LOCK_NAME, identity))
            .withLeaseDuration(Duration.ofSeconds(15))
            .withRenewDeadline(Duration.ofSeconds(10))
            .withRetryPeriod(Duration.ofSeconds(2))
            .withReleaseOnCancel(true)
            .withLeaderCallbacks(
                new LeaderCallbacks(this::startLeading, this::stopLeading, this::newLeader))
            .build();
    election = client.leaderElector().withConfig(config).build().start();
  }

  public boolean isLeading() {
    return leading.get();
  }

  /** When the last full resync finished, if one did. */
  public Instant lastResync() {
    return lastResync.get();
  }

  private synchronized void startLeading() {
    LOG.info("This replica ({}) leads the lease reconciler", identity);
    leading.set(true);
    informer =
        client
            .pods()
            .inAnyNamespace()
            .withLabel(ValetLabels.LEASE)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    reconciler.podChanged(pod);
                  }

                  @Override
                  public void onUpdate(Pod before, Pod pod) {
                    reconciler.podChanged(pod);
                  }

                  @Override
                  public void onDelete(Pod pod, boolean finalStateUnknown) {
                    reconciler.podDeleted(pod);
                  }
                },
                0);
    resync();
    resyncTimer = vertx.setPeriodic(settings.resyncInterval().toMillis(), id -> resync());
    pendingTimer =
        vertx.setPeriodic(
            settings.pendingCheckInterval().toMillis(),
            id ->
                reconciler
                    .checkPending()
                    .onFailure(e -> LOG.warn("Pending lease check failed: {}", e.toString())));
  }

  private void resync() {
    reconciler
        .resync()
        .onSuccess(
            report -> {
              lastResync.set(Instant.now());
              LOG.info(
                  "Resync: {} unreleased lease(s) checked, {} bound, {} released, in {} ms",
                  report.leases(),
                  report.bound(),
                  report.released(),
                  report.took().toMillis());
            })
        .onFailure(e -> LOG.warn("Resync failed, nothing was released: {}", e.toString()));
  }

  private synchronized void stopLeading() {
    leading.set(false);
    vertx.cancelTimer(resyncTimer);
    vertx.cancelTimer(pendingTimer);
    if (informer != null) {
      informer.close();
      informer = null;
    }
    LOG.info("This replica ({}) stopped leading the lease reconciler", identity);
  }

  private void newLeader(String leader) {
    LOG.info("The lease reconciler's leader is now {}", leader);
  }

  @Override
  public void close() {
    stopLeading();
    if (election != null) {
      election.cancel(true);
    }
  }
}
