package dev.valet.webhook.lease;

import dev.valet.webhook.ValetLabels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the reconciler on the one replica that holds the Kubernetes Lease {@value #LOCK_NAME} in
 * Valet's namespace. While leading, it follows the pods that carry leases with an informer, runs a
 * full resync at once and then periodically, and looks at pending leases past their grace.
 *
 * <p>Every change the reconciler makes first asks {@link Leadership}, which stops answering yes
 * {@link #RENEW_DEADLINE} after the last successful renewal, before another replica may take the
 * Lease ({@link #LEASE_DURATION}). A replica that loses the election tears its informer and timers
 * down and joins the election again, so some replica always reconciles. Admission is not affected:
 * every replica admits pods.
 */
public final class ReconcilerService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReconcilerService.class);
  public static final String LOCK_NAME = "valet-reconciler";

  /** How long the Lease stays this replica's after its last renewal, for the other replicas. */
  public static final Duration LEASE_DURATION = Duration.ofSeconds(15);

  /** How long a renewal lets this replica act; it gives up leading when it cannot renew within. */
  public static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);

  /** How often the Lease is renewed, or its holder checked by the other replicas. */
  public static final Duration RETRY_PERIOD = Duration.ofSeconds(2);

  private final Vertx vertx;
  private final KubernetesClient client;
  private final String namespace;
  private final String identity;
  private final ReconcilerSettings settings;
  private final Leadership leadership;
  private final LeaseReconciler reconciler;
  private final AtomicBoolean resyncRunning = new AtomicBoolean();
  private final AtomicBoolean pendingCheckRunning = new AtomicBoolean();
  private final AtomicLong resyncs = new AtomicLong();
  private final AtomicReference<Instant> lastResync = new AtomicReference<>();

  // Guarded by this. A term is one stretch of leadership; work started for an ended term is undone.
  private boolean closed;
  private long term;
  private boolean reconciling;
  private CompletableFuture<?> election;
  private SharedIndexInformer<Pod> informer;
  private long resyncTimer = -1;
  private long pendingTimer = -1;

  /**
   * @param namespace where the Lease lives (Valet's own namespace)
   * @param identity this replica's name in the Lease (its pod name)
   * @param leadership the answer {@code reconciler} asks before every change
   * @param reconciler the decisions, made with {@code leadership}
   */
  public ReconcilerService(
      Vertx vertx,
      KubernetesClient client,
      String namespace,
      String identity,
      ReconcilerSettings settings,
      Leadership leadership,
      LeaseReconciler reconciler) {
    this.vertx = vertx;
    this.client = client;
    this.namespace = namespace;
    this.identity = identity;
    this.settings = settings;
    this.leadership = leadership;
    this.reconciler = reconciler;
  }

  /** Joins the election; reconciling starts when this replica becomes the leader. */
  public synchronized void start() {
    if (election == null) {
      join();
    }
  }

  /** Whether this replica leads and may change leases now. */
  public boolean isLeading() {
    return leadership.isLeading();
  }

  /** This replica's name in the election. */
  public String identity() {
    return identity;
  }

  /** When the last full resync finished, if one did. */
  public Optional<Instant> lastResync() {
    return Optional.ofNullable(lastResync.get());
  }

  /** How many full resyncs this replica has completed. */
  public long resyncs() {
    return resyncs.get();
  }

  private synchronized void join() {
    if (closed) {
      return;
    }
    var config =
        new LeaderElectionConfigBuilder()
            .withName(LOCK_NAME)
            .withLock(
                new RenewalRecordingLock(new LeaseLock(namespace, LOCK_NAME, identity), leadership))
            .withLeaseDuration(LEASE_DURATION)
            .withRenewDeadline(RENEW_DEADLINE)
            .withRetryPeriod(RETRY_PERIOD)
            .withReleaseOnCancel(true)
            .withLeaderCallbacks(
                new LeaderCallbacks(this::onStartLeading, this::onStopLeading, this::onNewLeader))
            .build();
    CompletableFuture<?> running = client.leaderElector().withConfig(config).build().start();
    election = running;
    running.whenComplete((ignored, failure) -> electionEnded(running));
  }

  /**
   * An elector ends when its replica stops leading; it cannot be started again. Unless Valet is
   * closing, a new one joins the election, so that a replica that lost the Lease to a slow API
   * server can lead again later rather than never.
   */
  private void electionEnded(CompletableFuture<?> ended) {
    stopReconciling();
    synchronized (this) {
      if (closed || ended != election) {
        return;
      }
    }
    LOG.info("This replica ({}) joins the lease reconciler's election again", identity);
    vertx.setTimer(RETRY_PERIOD.toMillis(), id -> join());
  }

  /** Called on the elector's thread, inside its lock: must neither block nor throw. */
  private void onStartLeading() {
    long started;
    synchronized (this) {
      if (closed) {
        return;
      }
      leadership.elected();
      reconciling = true;
      started = ++term;
    }
    LOG.info("This replica ({}) leads the lease reconciler", identity);
    startReconcilingLater(started, Duration.ZERO);
  }

  private void startReconcilingLater(long forTerm, Duration delay) {
    Runnable start =
        () ->
            vertx.executeBlocking(
                () -> {
                  startReconciling(forTerm);
                  return null;
                },
                false);
    if (delay.isZero()) {
      start.run();
    } else {
      vertx.setTimer(delay.toMillis(), id -> start.run());
    }
  }

  /** Starts the informer (it blocks until its first list is in) and the timers, then resyncs. */
  private void startReconciling(long forTerm) {
    if (!isTerm(forTerm)) {
      return;
    }
    SharedIndexInformer<Pod> started;
    try {
      started = client.pods().inAnyNamespace().withLabel(ValetLabels.LEASE).inform(podEvents(), 0);
    } catch (RuntimeException e) {
      LOG.warn(
          "Could not watch the pods that carry leases ({}); check that Valet may list and watch"
              + " pods in all namespaces. Trying again in {} s",
          e.toString(),
          RETRY_PERIOD.toSeconds());
      startReconcilingLater(forTerm, RETRY_PERIOD);
      return;
    }
    synchronized (this) {
      if (forTerm != term || closed) {
        started.close();
        return;
      }
      informer = started;
      resyncTimer = vertx.setPeriodic(settings.resyncInterval().toMillis(), id -> resync());
      pendingTimer =
          vertx.setPeriodic(settings.pendingCheckInterval().toMillis(), id -> checkPending());
    }
    resync();
  }

  private synchronized boolean isTerm(long forTerm) {
    return forTerm == term && !closed;
  }

  private ResourceEventHandler<Pod> podEvents() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        report(reconciler.podChanged(pod), pod);
      }

      @Override
      public void onUpdate(Pod before, Pod pod) {
        report(reconciler.podChanged(pod), pod);
      }

      @Override
      public void onDelete(Pod pod, boolean finalStateUnknown) {
        report(reconciler.podDeleted(pod), pod);
      }
    };
  }

  private void report(Future<LeaseReconciler.Action> outcome, Pod pod) {
    outcome.onFailure(
        failure -> {
          if (leadership.isLeading()) {
            LOG.warn(
                "The lease of pod {} was not reconciled this time ({}); the next resync looks"
                    + " again",
                PodStates.name(pod),
                failure.toString());
          }
        });
  }

  /** A full resync, unless the previous one is still running. */
  private void resync() {
    if (!resyncRunning.compareAndSet(false, true)) {
      LOG.info("The previous resync is still running; this one is skipped");
      return;
    }
    reconciler
        .resync()
        .onComplete(
            result -> {
              resyncRunning.set(false);
              if (result.failed()) {
                logFailure("Resync", result.cause());
                return;
              }
              LeaseReconciler.ResyncReport report = result.result();
              lastResync.set(Instant.now());
              resyncs.incrementAndGet();
              LOG.info(
                  "Resync: {} unreleased lease(s) checked, {} bound, {} released, in {} ms",
                  report.leases(),
                  report.bound(),
                  report.released(),
                  report.took().toMillis());
            });
  }

  private void checkPending() {
    if (!pendingCheckRunning.compareAndSet(false, true)) {
      return;
    }
    reconciler
        .checkPending()
        .onComplete(
            result -> {
              pendingCheckRunning.set(false);
              if (result.failed()) {
                logFailure("Pending lease check", result.cause());
              }
            });
  }

  /** A pass that fails because this replica stopped leading is no news; any other failure is. */
  private void logFailure(String pass, Throwable cause) {
    if (leadership.isLeading()) {
      LOG.warn("{} failed, nothing was released on its strength: {}", pass, cause.toString());
    } else {
      LOG.info("{} stopped: this replica no longer leads ({})", pass, cause.toString());
    }
  }

  private void onStopLeading() {
    leadership.deposed();
    stopReconciling();
  }

  /** Ends the current term at once: nothing more is changed, the informer and timers stop. */
  private void stopReconciling() {
    leadership.deposed();
    synchronized (this) {
      term++;
      vertx.cancelTimer(resyncTimer);
      vertx.cancelTimer(pendingTimer);
      resyncTimer = -1;
      pendingTimer = -1;
      if (informer != null) {
        informer.close();
        informer = null;
      }
      if (!reconciling) {
        return;
      }
      reconciling = false;
    }
    LOG.info("This replica ({}) stopped leading the lease reconciler", identity);
  }

  private void onNewLeader(String leader) {
    if (leader != null && !leader.isEmpty()) {
      LOG.info("The lease reconciler's leader is now {}", leader);
    }
  }

  /** Stops reconciling and gives the Lease up, so that another replica takes over at once. */
  @Override
  public void close() {
    CompletableFuture<?> running;
    synchronized (this) {
      closed = true;
      running = election;
    }
    stopReconciling();
    if (running != null) {
      running.cancel(true);
    }
  }
}
