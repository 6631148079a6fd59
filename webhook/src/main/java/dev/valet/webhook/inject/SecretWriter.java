package dev.valet.webhook.inject;

import io.vertx.core.Future;

/** Stores lease Secrets: in the Kubernetes API, or as files in local mode. */
public interface SecretWriter {

  /**
   * Writes the Secret. Writing the same lease's Secret again (a retried admission) succeeds and
   * leaves one Secret; a Secret of that name that belongs to another lease is an error.
   */
  Future<Void> write(LeaseSecret secret);

  /** Deletes the Secret if it exists. */
  Future<Void> delete(String namespace, String name);
}
