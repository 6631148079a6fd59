package dev.valet.webhook.tls;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the managed TLS material current on the one replica that holds the Kubernetes Lease {@value
 * #LOCK_NAME}: a {@link CertificateRotation} pass when it becomes the leader, then every interval,
 * and at once whenever the webhook configuration changes (a {@code kubectl apply} may have emptied
 * its caBundle). Passes never overlap on one replica; a replica that loses the lease mid-pass
 * cannot clobber the new leader's writes, since every write is conditional. A replica that lost the
 * lease joins the election again.
 */
public final class CertificateRotationService implements AutoCloseable {
  public static final String LOCK_NAME = "valet-certs";
  private static final Logger LOG = LoggerFactory.getLogger(CertificateRotationService.class);
  private static final Duration REJOIN_DELAY = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final KubernetesClient client;
  private final String namespace;
  private final String identity;
  private final String webhookConfiguration;
  private final CertificateRotation rotation;
  private final Duration interval;
  private final WorkerExecutor blocking;
  private final AtomicBoolean leading = new AtomicBoolean();
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();
  private volatile boolean closed;
  private CompletableFuture<?> election;
  private SharedIndexInformer<MutatingWebhookConfiguration> configurationInformer;
  private long timer = -1;

  /**
   * @param namespace where the Lease lives (Valet's own namespace)
   * @param identity this replica's name in the Lease (its pod name)
   * @param blocking runs the passes, which block on the API
   */
  public CertificateRotationService(
      Vertx vertx,
      KubernetesClient client,
      String namespace,
      String identity,
      String webhookConfiguration,
      CertificateRotation rotation,
      Duration interval,
      WorkerExecutor blocking) {
    this.vertx = vertx;
    this.client = client;
    this.namespace = namespace;
    this.identity = identity;
    this.webhookConfiguration = webhookConfiguration;
    this.rotation = rotation;
    this.interval = interval;
    this.blocking = blocking;
  }

  /** Joins the election; passes start when this replica becomes the leader. */
  public synchronized void start() {
    if (closed) {
      return;
    }
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
    election.whenComplete(
        (done, failure) -> {
          if (!closed) {
            LOG.info("Rejoining the certificate election in {} s", REJOIN_DELAY.toSeconds());
            vertx.setTimer(REJOIN_DELAY.toMillis(), id -> start());
          }
        });
  }

  public boolean isLeading() {
    return leading.get();
  }

  private synchronized void startLeading() {
    LOG.info("This replica ({}) keeps the webhook's certificates current", identity);
    leading.set(true);
    timer = vertx.setPeriodic(1, interval.toMillis(), id -> pass());
    try {
      configurationInformer =
          client
              .admissionRegistration()
              .v1()
              .mutatingWebhookConfigurations()
              .withName(webhookConfiguration)
              .inform(
                  new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(MutatingWebhookConfiguration configuration) {
                      pass();
                    }

                    @Override
                    public void onUpdate(
                        MutatingWebhookConfiguration before, MutatingWebhookConfiguration after) {
                      pass();
                    }

                    @Override
                    public void onDelete(
                        MutatingWebhookConfiguration configuration, boolean finalStateUnknown) {}
                  },
                  0);
    } catch (RuntimeException e) {
      LOG.warn(
          "Cannot watch MutatingWebhookConfiguration {} ({}); its caBundle is checked every {} s"
              + " instead: allow Valet to list and watch it",
          webhookConfiguration,
          e.getMessage(),
          interval.toSeconds());
    }
  }

  /** One pass, unless one runs: then another follows it, so no change goes unhandled. */
  private void pass() {
    if (!leading.get()) {
      return;
    }
    if (!running.compareAndSet(false, true)) {
      again.set(true);
      return;
    }
    again.set(false);
    blocking
        .executeBlocking(() -> rotation.run(CertificateRotation.Force.NOTHING), false)
        .onSuccess(
            outcome -> {
              if (outcome.wroteAnything()) {
                LOG.info("Certificates: {}", RotationReport.describe(outcome));
              }
            })
        .onFailure(this::failed)
        .onComplete(
            done -> {
              running.set(false);
              if (again.get()) {
                pass();
              }
            });
  }

  private void failed(Throwable failure) {
    if (failure instanceof IncompleteRotationException incomplete) {
      LOG.warn(
          "Certificates: {}; but the caBundle could not be published: {}",
          RotationReport.describe(incomplete.stored()),
          failure.getMessage());
    } else {
      LOG.warn("Certificate rotation pass failed: {}", failure.getMessage());
    }
  }

  private synchronized void stopLeading() {
    if (!leading.getAndSet(false)) {
      return;
    }
    vertx.cancelTimer(timer);
    if (configurationInformer != null) {
      configurationInformer.close();
      configurationInformer = null;
    }
    LOG.info("This replica ({}) stopped keeping the webhook's certificates", identity);
  }

  private void newLeader(String leader) {
    LOG.info("The webhook's certificates are kept by {}", leader);
  }

  @Override
  public void close() {
    closed = true;
    stopLeading();
    if (election != null) {
      election.cancel(true);
    }
  }
}
