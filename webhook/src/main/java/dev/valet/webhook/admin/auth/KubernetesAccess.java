package dev.valet.webhook.admin.auth;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In a cluster: a TokenReview says who the token belongs to, then a SubjectAccessReview asks
 * whether that user may use the permission's verb on the virtual resource in Valet's namespace, so
 * cluster RBAC decides. Answers are reused for a short time (by the token's digest); answers that
 * could not be had are not, and fail closed.
 */
public final class KubernetesAccess implements AccessControl {
  /** At most this many distinct decisions are remembered. */
  static final int CACHE_LIMIT = 1024;

  /** At most this many reviews wait or run at once; more are answered 503 at once. */
  static final int MAX_IN_FLIGHT = 64;

  private final KubernetesClient client;
  private final WorkerExecutor blocking;
  private final String namespace;
  private final DecisionCache cache;
  private final AtomicInteger inFlight = new AtomicInteger();

  /**
   * @param blocking runs the review calls; admin traffic gets its own, so it cannot starve
   *     admissions
   * @param namespace Valet's own namespace, where the permissions are asked for
   * @param ttl how long an answer is reused
   */
  public KubernetesAccess(
      KubernetesClient client, WorkerExecutor blocking, String namespace, Duration ttl) {
    this.client = client;
    this.blocking = blocking;
    this.namespace = namespace;
    this.cache = new DecisionCache(Clock.systemUTC(), ttl, CACHE_LIMIT);
  }

  @Override
  public Future<AccessDecision> decide(String token, Permission permission) {
    String key =
        HexFormat.of().formatHex(StaticTokenAccess.digest(token))
            + " "
            + permission.verb()
            + " "
            + permission.resource();
    var cached = cache.get(key);
    if (cached.isPresent()) {
      return Future.succeededFuture(cached.get());
    }
    if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
      inFlight.decrementAndGet();
      return Future.failedFuture(
          new RejectedExecutionException("too many token reviews are waiting"));
    }
    return blocking
        .executeBlocking(() -> review(token, permission), false)
        .andThen(done -> inFlight.decrementAndGet())
        .onSuccess(decision -> cache.put(key, decision));
  }

  private AccessDecision review(String token, Permission permission) {
    TokenReview review =
        client
            .authentication()
            .v1()
            .tokenReviews()
            .create(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build());
    if (review.getStatus() == null
        || !Boolean.TRUE.equals(review.getStatus().getAuthenticated())
        || review.getStatus().getUser() == null) {
      return new AccessDecision.Unauthenticated("the token is not valid");
    }
    UserInfo user = review.getStatus().getUser();
    SubjectAccessReview access =
        client
            .authorization()
            .v1()
            .subjectAccessReview()
            .create(
                new SubjectAccessReviewBuilder()
                    .withNewSpec()
                    .withUser(user.getUsername())
                    .withUid(user.getUid())
                    .withGroups(user.getGroups())
                    .withExtra(user.getExtra())
                    .withNewResourceAttributes()
                    .withGroup(Permission.GROUP)
                    .withResource(permission.resource())
                    .withVerb(permission.verb())
                    .withNamespace(namespace)
                    .endResourceAttributes()
                    .endSpec()
                    .build());
    if (access.getStatus() != null && Boolean.TRUE.equals(access.getStatus().getAllowed())) {
      return new AccessDecision.Allowed(user.getUsername());
    }
    return new AccessDecision.Forbidden(
        user.getUsername() + " may not " + permission + " in namespace " + namespace);
  }
}
