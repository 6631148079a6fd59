package dev.valet.webhook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.pool.PoolSettings;
import dev.valet.certs.RotationPolicy;
import dev.valet.certs.TlsMaterial;
import dev.valet.webhook.ValetLabels;
import dev.valet.webhook.testing.Eventually;
import dev.valet.webhook.testing.RequiresKubeApiServer;
import dev.valet.webhook.testing.TlsClient;
import dev.valet.webhook.tls.ManagedTlsSettings;
import io.fabric8.kubernetes.api.model.Pod;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The test of done: a fresh deployment with no certificate anywhere comes up trusted by the
 * API server, and a forced renewal of the serving certificate and a forced CA rotation, walked
 * through all three phases by the serving leader, happen while validator pods are being created
 * through the API server, with no admission failing.
 *
 * <p>Serving certificates live 20 s here and are renewed with about 8 s left, so that the outgoing
 * CA's last certificate expires, and the CA leaves the caBundle, within the test; the caBundle of a
 * new CA is published 3 s before that CA signs. The load is bounded: at most {@value #MAX_PODS}
 * pods, or {@value #MAX_SECONDS} s.
 */
@RequiresKubeApiServer
@Timeout(240)
class RotationUnderLoadE2ETest {
  private static final int MAX_PODS = 400;
  private static final int MAX_SECONDS = 60;
  private static final Duration PAUSE_BETWEEN_PODS = Duration.ofMillis(50);
  private static final Duration LEAF_LIFETIME = Duration.ofSeconds(20);
  private static final Duration CA_OVERLAP = Duration.ofSeconds(3);

  private ManagedTlsCluster cluster;

  @AfterEach
  void removeCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aForcedLeafAndCaRotationUnderLoadFailsNoAdmission() throws Exception {
    cluster = ManagedTlsCluster.create(settings());
    PoolSettings pool =
        PoolSettings.defaults(ValetOnKubernetes.POOL)
            .withKdf(PoolSettings.Kdf.PBKDF2)
            .withMaxKeys(MAX_PODS + 10)
            .withMaxNewKeysPerHour(MAX_PODS + 10);

    cluster.startValet(pool);
    String namespace = cluster.namespaceInPool(pool.name());
    TlsMaterial initial = cluster.stored();
    X509Certificate initialCa = initial.signingCa().certificate();
    assertThat(cluster.caBundles()).hasSize(1).doesNotContainNull();

    SecretWatch watch = new SecretWatch(cluster);
    Load load = new Load(cluster, namespace);
    TrustProbe trust = new TrustProbe(cluster);
    Thread loadThread = Thread.ofPlatform().name("admission-load").start(load);
    Thread watchThread = Thread.ofPlatform().name("secret-watch").start(watch);
    Thread trustThread = Thread.ofPlatform().name("trust-probe").start(trust);
    try {
      Thread.sleep(2_000);
      CertsRun renewLeaf = cluster.certs("--renew-leaf");
      assertThat(renewLeaf.exitCode()).as(renewLeaf.err()).isZero();
      Thread.sleep(2_000);
      CertsRun rotateCa = cluster.certs("--rotate-ca");
      assertThat(rotateCa.exitCode()).as(rotateCa.err()).isZero();

      Eventually.await(
          "the CA rotation to finish: the new CA signs and is the only one trusted",
          Duration.ofSeconds(MAX_SECONDS - 8),
          () -> rotationFinished(initialCa));
      Thread.sleep(2_000);
    } finally {
      load.stop();
      watch.stop();
      trust.stop();
      loadThread.join();
      watchThread.join();
      trustThread.join();
    }

    TlsMaterial last = cluster.stored();
    System.out.printf(
        "Rotation under load: %d admissions sent, %d failed, in %d s; %d fresh handshakes"
            + " trusting only the published caBundle, %d failed; serving certificates seen %d,"
            + " caBundle sizes seen %s%n",
        load.sent.get(),
        load.failed.get(),
        load.seconds(),
        trust.probed.get(),
        trust.failed.get(),
        watch.leaves.size(),
        watch.bundleSizes);
    assertThat(load.failures).as("failed admissions").isEmpty();
    assertThat(load.failed.get()).isZero();
    assertThat(load.sent.get()).isGreaterThan(50);
    assertThat(trust.failures).as("failed handshakes").isEmpty();
    assertThat(trust.probed.get()).isGreaterThan(50);
    assertThat(watch.bundleSizes).contains(1, 2);
    assertThat(watch.leaves.size()).as("serving certificates seen").isGreaterThanOrEqualTo(4);
    assertThat(last.signingCa().certificate()).isNotEqualTo(initialCa);
    assertThat(TlsClient.handshakes(cluster.port(), last.caBundle())).isTrue();
    assertThat(TlsClient.handshakes(cluster.port(), List.of(initialCa))).isFalse();
  }

  private boolean rotationFinished(X509Certificate initialCa) {
    TlsMaterial material = cluster.stored();
    return !material.signingCa().certificate().equals(initialCa)
        && material.caBundle().size() == 1
        && material.nextCa().isEmpty();
  }

  private static ManagedTlsSettings settings() {
    // Validity runs from 5 min before issue (clock skew allowance) to 20 s after: renew at 8 s
    // left.
    double renewalFraction = 8.0 / (300 + LEAF_LIFETIME.toSeconds());
    RotationPolicy policy =
        new RotationPolicy(
            LEAF_LIFETIME, renewalFraction, Duration.ofDays(1), Duration.ofHours(1), CA_OVERLAP);
    ManagedTlsSettings base = ManagedTlsSettings.defaults();
    return new ManagedTlsSettings(
        base.secretName(),
        base.serviceName(),
        base.webhookConfiguration(),
        List.of(),
        policy,
        Duration.ofSeconds(1));
  }

  /** Creates validator pods one after another and counts those the webhook did not serve. */
  private static final class Load implements Runnable {
    private final ManagedTlsCluster cluster;
    private final String namespace;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private long startedNanos;
    private long endedNanos;

    Load(ManagedTlsCluster cluster, String namespace) {
      this.cluster = cluster;
      this.namespace = namespace;
    }

    @Override
    public void run() {
      startedNanos = System.nanoTime();
      long deadline = startedNanos + Duration.ofSeconds(MAX_SECONDS).toNanos();
      while (!stopped.get() && sent.get() < MAX_PODS && System.nanoTime() - deadline < 0) {
        int number = sent.incrementAndGet();
        try {
          Pod created = cluster.createValidator(namespace, "validator-" + number);
          Map<String, String> labels = created.getMetadata().getLabels();
          if (labels == null || !labels.containsKey(ValetLabels.LEASE)) {
            fail(number, "created without a lease: the webhook was not called");
          }
        } catch (RuntimeException e) {
          fail(number, e.getMessage());
        }
        try {
          Thread.sleep(PAUSE_BETWEEN_PODS.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      endedNanos = System.nanoTime();
    }

    void stop() {
      stopped.set(true);
    }

    long seconds() {
      return Duration.ofNanos(endedNanos - startedNanos).toSeconds();
    }

    private void fail(int number, String why) {
      failed.incrementAndGet();
      if (failures.size() < 10) {
        failures.add("pod " + number + ": " + why);
      }
    }
  }

  /**
   * Opens a fresh TLS connection to Valet again and again, trusting only the caBundle the webhook
   * configuration holds at that moment, as the API server does whenever it connects anew. The API
   * server reuses its connections, so its admissions alone would not notice a certificate it could
   * no longer trust until it reconnected.
   */
  private static final class TrustProbe implements Runnable {
    private final ManagedTlsCluster cluster;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicInteger probed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    TrustProbe(ManagedTlsCluster cluster) {
      this.cluster = cluster;
    }

    @Override
    public void run() {
      while (!stopped.get()) {
        List<X509Certificate> published = cluster.publishedCaBundle();
        int number = probed.incrementAndGet();
        if (!TlsClient.handshakes(cluster.port(), published)) {
          failed.incrementAndGet();
          if (failures.size() < 10) {
            failures.add("handshake " + number + " trusting " + published.size() + " CA(s)");
          }
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    void stop() {
      stopped.set(true);
    }
  }

  /** Polls the TLS Secret and notes every serving certificate and caBundle size it holds. */
  private static final class SecretWatch implements Runnable {
    private final ManagedTlsCluster cluster;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Set<X509Certificate> leaves = ConcurrentHashMap.newKeySet();
    private final Set<Integer> bundleSizes = ConcurrentHashMap.newKeySet();

    SecretWatch(ManagedTlsCluster cluster) {
      this.cluster = cluster;
    }

    @Override
    public void run() {
      while (!stopped.get()) {
        TlsMaterial material = cluster.stored();
        leaves.add(material.leaf());
        bundleSizes.add(material.caBundle().size());
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    void stop() {
      stopped.set(true);
    }
  }
}
