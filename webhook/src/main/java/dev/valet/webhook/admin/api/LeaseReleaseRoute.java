package dev.valet.webhook.admin.api;

import dev.valet.allocator.admin.LeaseView;
import dev.valet.webhook.admin.auth.BearerTokens;
import dev.valet.webhook.admin.auth.Permission;
import dev.valet.webhook.admin.release.OperatorRelease;
import dev.valet.webhook.admin.release.ReleaseOutcome;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /api/v1/leases/:id/release} (optional {@code force=true}, {@code reason}): releases
 * the lease under the same rules as the reconciler, or says with 409 why not and what to do.
 */
final class LeaseReleaseRoute {
  private final OperatorRelease release;

  LeaseReleaseRoute(OperatorRelease release) {
    this.release = release;
  }

  void mount(Router router, BearerTokens tokens) {
    router
        .post("/api/v1/leases/:id/release")
        .handler(BodyHandler.create(false).setBodyLimit(ActionBodies.LIMIT))
        .handler(tokens.requiring(Permission.RELEASE_LEASES))
        .handler(this::release);
  }

  private void release(RoutingContext context) {
    String text = context.pathParam("id");
    boolean force;
    Optional<String> reason;
    try {
      Query query = Query.of(context.queryParams(), Set.of("force", "reason"));
      force = query.force();
      reason = query.reason();
    } catch (BadQueryException e) {
      Failed.answer(context, e);
      return;
    }
    Optional<UUID> id = LeaseRoutes.leaseId(text);
    if (id.isEmpty()) {
      ApiResponses.error(context, 404, "no lease has the id '" + text + "' (lease ids are UUIDs)");
      return;
    }
    release
        .release(id.get(), force, reason, BearerTokens.caller(context))
        .onSuccess(outcome -> answer(context, id.get(), outcome))
        .onFailure(failure -> Failed.answer(context, failure));
  }

  private static void answer(RoutingContext context, UUID id, ReleaseOutcome outcome) {
    switch (outcome) {
      case ReleaseOutcome.Released released ->
          ApiResponses.ok(
              context,
              new JsonObject()
                  .put("lease", AdminJson.lease(released.lease()))
                  .put("secretDeleted", released.secretDeleted()));
      case ReleaseOutcome.NoSuchLease missing ->
          ApiResponses.error(context, 404, "no lease has the id " + id);
      case ReleaseOutcome.AlreadyReleased already ->
          ApiResponses.error(context, 409, alreadyReleased(already.lease()));
      case ReleaseOutcome.PodExists exists ->
          ApiResponses.error(
              context,
              409,
              "pod "
                  + exists.pod()
                  + " still exists (phase "
                  + exists.phase()
                  + ") and may sign with the lease's keys; delete the pod and the reconciler"
                  + " releases the lease, or release with force=true if its containers have"
                  + " stopped");
      case ReleaseOutcome.TooRecent recent ->
          ApiResponses.error(
              context,
              409,
              "lease "
                  + id
                  + " is pending and its pod may still be being stored; try again in "
                  + Math.max(1, recent.waitFor().toSeconds())
                  + " s, or release with force=true");
      case ReleaseOutcome.Unconfirmed unconfirmed ->
          ApiResponses.error(
              context,
              409,
              unconfirmed.reason() + "; release with force=true once you know its pod is gone");
    }
  }

  private static String alreadyReleased(LeaseView lease) {
    return "lease "
        + lease.id()
        + " was released already"
        + lease.releasedAt().map(at -> " at " + at.toInstant()).orElse("")
        + lease.releasedBy().map(by -> " by " + by).orElse("")
        + lease.releaseReason().map(why -> " (" + why + ")").orElse("");
  }
}
