package dev.valet.webhook.admin.auth;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Outside a cluster: one static token, read from a file, grants everything. Tokens are compared by
 * their SHA-256 digests in constant time, so the comparison tells nothing about the token.
 */
public final class StaticTokenAccess implements AccessControl {
  /** The identity recorded as the actor of what the holder of the static token does. */
  public static final String USER = "static-token";

  private final byte[] expected;

  public StaticTokenAccess(String token) {
    if (token.isBlank()) {
      throw new IllegalArgumentException("the admin token is empty");
    }
    this.expected = digest(token);
  }

  @Override
  public Future<AccessDecision> decide(String token, Permission permission) {
    if (MessageDigest.isEqual(expected, digest(token))) {
      return Future.succeededFuture(new AccessDecision.Allowed(USER));
    }
    return Future.succeededFuture(new AccessDecision.Unauthenticated("the token is not valid"));
  }

  static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
