package dev.valet.webhook.lease;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;

/**
 * The election's lock, reporting each successful write to {@link Leadership}: a write that names
 * this replica renews its leadership from the moment the write was sent, any other write ends it.
 */
final class RenewalRecordingLock implements Lock {
  private final Lock lock;
  private final Leadership leadership;

  RenewalRecordingLock(Lock lock, Leadership leadership) {
    this.lock = lock;
    this.leadership = leadership;
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
    if (identity().equals(record.getHolderIdentity())) {
      leadership.renewed(sent);
    } else {
      leadership.lapsed();
    }
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
