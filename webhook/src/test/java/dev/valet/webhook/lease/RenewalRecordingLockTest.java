package dev.valet.webhook.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RenewalRecordingLockTest {
  private static final String SELF = "valet-0";
  private static final Duration VALIDITY = Duration.ofSeconds(10);
  private static final Instant WALL = Instant.parse("2026-01-01T00:00:10Z");
  private static final Clock CLOCK = Clock.fixed(WALL, ZoneOffset.UTC);

  private final AtomicLong nanos = new AtomicLong();
  private final Leadership leadership = new Leadership(VALIDITY, nanos::get);

  @Test
  void aWriteNamingThisReplicaRenewsFromTheMomentItWasSent() {
    Lock lock =
        new RenewalRecordingLock(new SlowLock(Duration.ofSeconds(9), false), leadership, CLOCK);
    leadership.elected();

    lock.update(null, record(SELF));

    assertThat(leadership.isLeading()).as("9 s after sending the renewal").isTrue();
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(leadership.isLeading()).as("10 s after sending it").isFalse();
  }

  @Test
  void aRenewTimeTakenBeforeASlowReadCountsFromThatTimeAsTheOtherReplicasCount() {
    Lock lock = new RenewalRecordingLock(new SlowLock(Duration.ZERO, false), leadership, CLOCK);
    leadership.elected();

    lock.update(null, record(SELF, WALL.minusSeconds(6)));

    assertThat(leadership.isLeading()).as("6 s after the stamped renew time").isTrue();
    nanos.addAndGet(Duration.ofSeconds(4).toNanos());
    assertThat(leadership.isLeading()).as("10 s after the stamped renew time").isFalse();
  }

  @Test
  void aWriteThatFailsRenewsNothing() {
    Lock lock = new RenewalRecordingLock(new SlowLock(Duration.ZERO, true), leadership, CLOCK);
    leadership.elected();

    assertThatThrownBy(() -> lock.update(null, record(SELF)))
        .isInstanceOf(KubernetesClientException.class);

    assertThat(leadership.isLeading()).isFalse();
  }

  @Test
  void aWriteThatGivesTheLockUpEndsTheLeadership() {
    Lock lock = new RenewalRecordingLock(new SlowLock(Duration.ZERO, false), leadership, CLOCK);
    lock.create(null, record(SELF));
    leadership.elected();
    assertThat(leadership.isLeading()).isTrue();

    lock.update(null, record(null));

    assertThat(leadership.isLeading()).isFalse();
  }

  private static LeaderElectionRecord record(String holder) {
    return record(holder, WALL);
  }

  private static LeaderElectionRecord record(String holder, Instant renewed) {
    ZonedDateTime time = renewed.atZone(ZoneOffset.UTC);
    return new LeaderElectionRecord(holder, Duration.ofSeconds(15), time, time, 0);
  }

  /** A lock whose writes take {@code delay} of the test's clock, or fail. */
  private final class SlowLock implements Lock {
    private final Duration delay;
    private final boolean fails;

    SlowLock(Duration delay, boolean fails) {
      this.delay = delay;
      this.fails = fails;
    }

    @Override
    public LeaderElectionRecord get(KubernetesClient client) {
      return null;
    }

    @Override
    public void create(KubernetesClient client, LeaderElectionRecord record) {
      write();
    }

    @Override
    public void update(KubernetesClient client, LeaderElectionRecord record) {
      write();
    }

    private void write() {
      nanos.addAndGet(delay.toNanos());
      if (fails) {
        throw new KubernetesClientException("the API server did not answer");
      }
    }

    @Override
    public String identity() {
      return SELF;
    }

    @Override
    public String describe() {
      return "test lock";
    }
  }
}
