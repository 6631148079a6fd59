package dev.valet.webhook.admin.auth;

/** The answer about one bearer token and one permission. */
public sealed interface AccessDecision {

  /**
   * The token names a caller who holds the permission.
   *
   * @param user the caller's identity, recorded as the actor of what they do
   */
  record Allowed(String user) implements AccessDecision {}

  /**
   * The token names nobody: answered with 401.
   *
   * @param reason a short reason, free of the token
   */
  record Unauthenticated(String reason) implements AccessDecision {}

  /**
   * The caller lacks the permission: answered with 403.
   *
   * @param reason a short reason, naming the verb and resource that are missing
   */
  record Forbidden(String reason) implements AccessDecision {}
}
