package dev.valet.webhook.admin.release;

import dev.valet.allocator.admin.LeaseView;
import java.time.Duration;

/** What an operator's release did, or why it did nothing. */
public sealed interface ReleaseOutcome {

  /**
   * The lease is released; its keys are in quarantine.
   *
   * @param lease the lease as it is now
   * @param secretDeleted whether its Secret was deleted (false: it could not be, and is logged)
   */
  record Released(LeaseView lease, boolean secretDeleted) implements ReleaseOutcome {}

  /** No lease has the id. */
  record NoSuchLease() implements ReleaseOutcome {}

  /**
   * The lease was released before.
   *
   * @param lease the lease as it is
   */
  record AlreadyReleased(LeaseView lease) implements ReleaseOutcome {}

  /**
   * Its pod may still run, and the release was not forced.
   *
   * @param pod the pod's namespace and name
   * @param phase its phase
   */
  record PodExists(String pod, String phase) implements ReleaseOutcome {}

  /**
   * The lease is pending and younger than the pending grace: the API server may still be storing
   * its pod, so its absence proves nothing yet.
   *
   * @param waitFor how long until the grace has passed
   */
  record TooRecent(Duration waitFor) implements ReleaseOutcome {}

  /**
   * Whether the pod is gone cannot be told now, and the release was not forced.
   *
   * @param reason why
   */
  record Unconfirmed(String reason) implements ReleaseOutcome {}
}
