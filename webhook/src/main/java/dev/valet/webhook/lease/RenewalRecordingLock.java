package dev.valet.webhook.lease;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.time.Clock;
import java.time.Duration;

/**
 * The election's lock, reporting each successful write to {@link Leadership}: a write that names
 * this replica renews its leadership from the renew time it records, any other write ends it. The
 * other replicas count the Lease's duration from that recorded time, which the elector takes before
 * it reads the Lease, so a slow read shortens this replica's leadership rather than lengthening it
 * past the Lease.
 */
final class RenewalRecordingLock implements Lock {
  private final Lock lock;
  private final Leadership leadership;
  private final Clock clock;

  RenewalRecordingLock(Lock lock, Leadership leadership) {
    this(lock, leadership, Clock.systemUTC());
  }

  /**
   * @param clock the wall clock the elector stamps renew times with
   */
  RenewalRecordingLock(Lock lock, Leadership leadership, Clock clock) {
    this.lock = lock;
    this.leadership = leadership;
    this.clock = clock;
  }

  @Override
  public LeaderElectionRecord get(KubernetesClient client) {
    return lock.get(client);
  }

  @Override
  public void create(KubernetesClient client, LeaderElectionRecord record) {
    long sent = leadership.now();
    lock.create(client, record);
    recordWrite(record, sent);
  }

  @Override
  public void update(KubernetesClient client, LeaderElectionRecord record) {
    long sent = leadership.now();
    lock.update(client, record);
    recordWrite(record, sent);
  }

  private void recordWrite(LeaderElectionRecord record, long sent) {
    if (!identity().equals(record.getHolderIdentity())) {
      leadership.lapsed();
      return;
    }
    long age =
        record.getRenewTime() == null
            ? 0
            : Math.max(
                0, Duration.between(record.getRenewTime().toInstant(), clock.instant()).toNanos());
    leadership.renewed(sent - age);
  }

  @Override
  public String identity() {
    return lock.identity();
  }

  @Override
  public String describe() {
    return lock.describe();
  }
}
