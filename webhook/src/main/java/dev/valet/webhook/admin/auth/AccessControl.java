package dev.valet.webhook.admin.auth;

import io.vertx.core.Future;

/** Decides whether a bearer token may do something on the admin endpoint. */
public interface AccessControl {

  /**
   * The decision for {@code token}; fails only when it cannot be made now (the Kubernetes API did
   * not answer), which callers answer with 503, never with access.
   */
  Future<AccessDecision> decide(String token, Permission permission);
}
