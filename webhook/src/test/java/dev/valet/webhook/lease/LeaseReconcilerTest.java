package dev.valet.webhook.lease;

import static dev.valet.allocator.testing.AllocatorFixture.NAMESPACE;
import static dev.valet.allocator.testing.AllocatorFixture.await;
import static dev.valet.allocator.testing.AllocatorFixture.granted;
import static dev.valet.allocator.testing.AllocatorFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import dev.valet.allocator.lease.LeaseState;
import dev.valet.allocator.lease.PgAllocator;
import dev.valet.allocator.lease.PgLeaseReleaser;
import dev.valet.allocator.lease.PgLeases;
import dev.valet.allocator.pool.KeyPool;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.testing.AllocatorFixture;
import dev.valet.allocator.testing.TestPools;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The reconciler's decisions on real Postgres, with the API answering what each test wants: a lease
 * is released only on a fresh answer that its pod is gone or has finished, never on an error, a pod
 * being deleted, a pod in phase Unknown, or by a replica that does not lead.
 */
class LeaseReconcilerTest {
  private static final String POOL = "blue";
  private static final String ACTOR = "reconciler:test-replica";
  private static final Duration GRACE = Duration.ofMinutes(2);
  private static final ReconcilerSettings SETTINGS =
      new ReconcilerSettings(GRACE, Duration.ofMinutes(5), Duration.ofSeconds(15));

  private AllocatorFixture fixture;
  private PgAllocator allocator;
  private PgLeases leases;
  private PgLeaseReleaser releaser;
  private FakeLeasePods pods;
  private final AtomicBoolean leading = new AtomicBoolean(true);
  private Clock clock = Clock.systemUTC();

  @BeforeEach
  void open() {
    fixture = AllocatorFixture.open();
    KeyPool pool = TestPools.create(fixture.db(), PoolSettings.defaults(POOL));
    TestPools.insertOldFreeKeys(fixture.db(), pool, 8);
    allocator = new PgAllocator(fixture.db(), Map.of(POOL, pool), fixture.workers());
    leases = new PgLeases(fixture.db());
    releaser = new PgLeaseReleaser(fixture.db(), Map.of(POOL, pool));
    pods = new FakeLeasePods();
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void aResyncWhoseListFailsReleasesNothing() {
    UUID lease = boundLease("uid-1");
    pods.failLists(new KubernetesClientException("the API server did not answer"));

    assertThatThrownBy(() -> await(reconciler(leading::get).resync()))
        .hasMessageContaining("did not answer");

    assertThat(state(lease)).isEqualTo(LeaseState.BOUND);
    assertThat(pods.deletedSecrets).isEmpty();
  }

  @Test
  void aBoundLeaseWhosePodCannotBeReadIsKept() {
    UUID lease = boundLease("uid-1");
    pods.remove(podOf("uid-1", lease));
    pods.failGets(new KubernetesClientException("connection reset"));

    LeaseReconciler.ResyncReport report = await(reconciler(leading::get).resync());

    assertThat(report.released()).isZero();
    assertThat(state(lease)).isEqualTo(LeaseState.BOUND);
  }

  @Test
  void aBoundLeaseIsReleasedWhenTheApiAnswersThatItsPodIsGoneAndItsSecretIsDeleted() {
    UUID lease = boundLease("uid-1");
    UUID kept = boundLease("uid-2");
    pods.remove(podOf("uid-1", lease));

    LeaseReconciler.ResyncReport report = await(reconciler(leading::get).resync());

    assertThat(report.released()).isEqualTo(1);
    assertThat(state(lease)).isEqualTo(LeaseState.RELEASED);
    assertThat(state(kept)).isEqualTo(LeaseState.BOUND);
    assertThat(pods.deletedSecrets).containsExactly(NAMESPACE + "/valet-" + lease);
    assertThat(
            fixture.count(
                "SELECT count(*) FROM events WHERE lease_id = $1 AND kind = 'lease.released'"
                    + " AND actor = $2",
                lease,
                ACTOR))
        .isEqualTo(1);
  }

  @Test
  void aPodReplacedByAnotherOfTheSameNameReleasesTheLease() {
    UUID lease = boundLease("uid-1");
    pods.add(
        FakeLeasePods.pod(NAMESPACE, "pod-uid-1", "another-uid", UUID.randomUUID(), "Pending"));

    await(reconciler(leading::get).resync());

    assertThat(state(lease)).isEqualTo(LeaseState.RELEASED);
  }

  @Test
  void podsBeingDeletedOrInPhaseUnknownKeepTheirLeases() {
    UUID deleting = boundLease("uid-1");
    UUID unknown = boundLease("uid-2");
    pods.add(FakeLeasePods.beingDeleted(podOf("uid-1", deleting)));
    pods.add(FakeLeasePods.pod(NAMESPACE, "pod-uid-2", "pod-uid-2", unknown, "Unknown"));

    LeaseReconciler reconciler = reconciler(leading::get);
    await(reconciler.resync());
    await(reconciler.podChanged(FakeLeasePods.beingDeleted(podOf("uid-1", deleting))));

    assertThat(state(deleting)).isEqualTo(LeaseState.BOUND);
    assertThat(state(unknown)).isEqualTo(LeaseState.BOUND);
  }

  @Test
  void aPodThatFinishedReleasesItsLease() {
    UUID failed = boundLease("uid-1");
    pods.add(FakeLeasePods.pod(NAMESPACE, "pod-uid-1", "pod-uid-1", failed, "Failed"));

    await(reconciler(leading::get).resync());

    assertThat(state(failed)).isEqualTo(LeaseState.RELEASED);
  }

  @Test
  void aDeletedPodEventReleasesOnlyOnceTheApiNoLongerHasThePod() {
    UUID lease = boundLease("uid-1");
    Pod pod = podOf("uid-1", lease);
    LeaseReconciler reconciler = reconciler(leading::get);

    assertThat(await(reconciler.podDeleted(pod))).isEqualTo(LeaseReconciler.Action.KEPT);
    assertThat(state(lease)).as("while the API still has the pod").isEqualTo(LeaseState.BOUND);

    pods.remove(pod);
    assertThat(await(reconciler.podDeleted(pod))).isEqualTo(LeaseReconciler.Action.RELEASED);
    assertThat(await(reconciler.podDeleted(pod))).isEqualTo(LeaseReconciler.Action.KEPT);
    assertThat(
            fixture.count(
                "SELECT count(*) FROM events WHERE lease_id = $1 AND kind = 'lease.released'",
                lease))
        .isEqualTo(1);
  }

  @Test
  void aPendingLeaseIsReleasedOnlyPastItsGraceAndOnASuccessfulList() {
    UUID lease = granted(allocator.allocate(request(POOL, "uid-1", 1))).lease().id();
    Instant admitted = Instant.now();

    clock = Clock.fixed(admitted.plus(GRACE).minusSeconds(5), ZoneOffset.UTC);
    await(reconciler(leading::get).checkPending());
    assertThat(state(lease)).as("within the grace").isEqualTo(LeaseState.PENDING);

    clock = Clock.fixed(admitted.plus(GRACE).plusSeconds(5), ZoneOffset.UTC);
    pods.failLists(new KubernetesClientException("the API server did not answer"));
    assertThatThrownBy(() -> await(reconciler(leading::get).checkPending()))
        .hasMessageContaining("did not answer");
    assertThat(state(lease)).as("past the grace, the list failed").isEqualTo(LeaseState.PENDING);

    pods.answerAgain();
    await(reconciler(leading::get).checkPending());
    assertThat(state(lease)).as("past the grace, no pod listed").isEqualTo(LeaseState.RELEASED);
  }

  @Test
  void aPendingLeaseWhosePodIsListedIsBoundNotReleased() {
    UUID lease = granted(allocator.allocate(request(POOL, "uid-1", 1))).lease().id();
    pods.add(FakeLeasePods.pod(NAMESPACE, "pod-uid-1", "pod-uid-1", lease, "Pending"));
    clock = Clock.fixed(Instant.now().plus(GRACE).plusSeconds(5), ZoneOffset.UTC);

    LeaseReconciler.ResyncReport report = await(reconciler(leading::get).checkPending());

    assertThat(report.bound()).isEqualTo(1);
    assertThat(state(lease)).isEqualTo(LeaseState.BOUND);
    assertThat(pods.ownedSecrets).containsExactly(NAMESPACE + "/valet-" + lease);
  }

  @Test
  void aReplicaThatDoesNotLeadChangesNothing() {
    UUID bound = boundLease("uid-1");
    pods.remove(podOf("uid-1", bound));
    UUID pending = granted(allocator.allocate(request(POOL, "uid-2", 1))).lease().id();
    Pod pendingPod = FakeLeasePods.pod(NAMESPACE, "pod-uid-2", "pod-uid-2", pending, "Pending");
    pods.add(pendingPod);
    leading.set(false);

    LeaseReconciler reconciler = reconciler(leading::get);
    assertThatThrownBy(() -> await(reconciler.resync())).hasMessageContaining("stopped leading");
    await(reconciler.podChanged(pendingPod));
    await(reconciler.podDeleted(podOf("uid-1", bound)));

    assertThat(state(bound)).isEqualTo(LeaseState.BOUND);
    assertThat(state(pending)).isEqualTo(LeaseState.PENDING);
    assertThat(pods.deletedSecrets).isEmpty();
  }

  @Test
  void aReplicaThatStopsLeadingInTheMiddleOfAResyncLeavesTheRemainingLeasesAlone() {
    UUID first = boundLease("uid-1");
    UUID second = boundLease("uid-2");
    pods.remove(podOf("uid-1", first));
    pods.remove(podOf("uid-2", second));
    AtomicInteger asked = new AtomicInteger();

    LeaseReconciler reconciler = reconciler(() -> asked.incrementAndGet() <= 2);
    assertThatThrownBy(() -> await(reconciler.resync())).hasMessageContaining("stopped leading");

    assertThat(state(first)).isEqualTo(LeaseState.RELEASED);
    assertThat(state(second)).isEqualTo(LeaseState.BOUND);
  }

  @Test
  void aLateEventForTheDeletedPodOfAReleasedLeaseRaisesNoAlarmButALivePodDoes() {
    UUID lease = boundLease("uid-1");
    Pod pod = podOf("uid-1", lease);
    LeaseReconciler reconciler = reconciler(leading::get);
    pods.remove(pod);
    await(reconciler.podDeleted(pod));
    ListAppender<ILoggingEvent> errors = captureErrors();
    try {
      await(reconciler.podChanged(pod));
      assertThat(errors.list).as("errors for a late event of a deleted pod").isEmpty();

      pods.add(pod);
      await(reconciler.podChanged(pod));
      assertThat(errors.list)
          .singleElement()
          .satisfies(
              error ->
                  assertThat(error.getFormattedMessage())
                      .contains("runs with lease " + lease, "Delete the pod"));
    } finally {
      ((Logger) LoggerFactory.getLogger(LeaseReconciler.class)).detachAppender(errors);
    }
  }

  private static ListAppender<ILoggingEvent> captureErrors() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.addFilter(
        new Filter<>() {
          @Override
          public FilterReply decide(ILoggingEvent event) {
            return event.getLevel() == Level.ERROR ? FilterReply.NEUTRAL : FilterReply.DENY;
          }
        });
    appender.start();
    ((Logger) LoggerFactory.getLogger(LeaseReconciler.class)).addAppender(appender);
    return appender;
  }

  private LeaseReconciler reconciler(BooleanSupplier leads) {
    return new LeaseReconciler(leases, releaser, pods, SETTINGS, clock, leads, ACTOR);
  }

  /** A lease for pod {@code pod-<requestUid>}, bound to it, with the pod listed by the API. */
  private UUID boundLease(String requestUid) {
    UUID lease = granted(allocator.allocate(request(POOL, requestUid, 1))).lease().id();
    Pod pod = podOf(requestUid, lease);
    assertThat(await(leases.bind(lease, pod.getMetadata().getUid(), "pod-" + requestUid, ACTOR)))
        .isTrue();
    pods.add(pod);
    return lease;
  }

  private static Pod podOf(String requestUid, UUID lease) {
    return FakeLeasePods.pod(NAMESPACE, "pod-" + requestUid, "pod-" + requestUid, lease, "Pending");
  }

  private LeaseState state(UUID lease) {
    return await(leases.find(lease)).orElseThrow().state();
  }
}
