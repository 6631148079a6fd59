package dev.valet.webhook.admin.api;

import dev.valet.allocator.admin.PgKeyReads;
import dev.valet.allocator.admin.PgKeyRetirement;
import dev.valet.allocator.admin.Pubkeys;
import dev.valet.allocator.admin.Retirement;
import dev.valet.webhook.admin.auth.BearerTokens;
import dev.valet.webhook.admin.auth.Permission;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /api/v1/keys/:pubkey/retire} (optional {@code reason}): the key is never handed out
 * again. A key held by an unreleased lease is refused with 409 naming the lease to release first.
 */
final class KeyRetireRoute {
  private final PgKeyRetirement retirement;
  private final KeyRoutes keys;
  private final PgKeyReads reads;

  KeyRetireRoute(PgKeyRetirement retirement, PgKeyReads reads, KeyRoutes keys) {
    this.retirement = retirement;
    this.reads = reads;
    this.keys = keys;
  }

  void mount(Router router, BearerTokens tokens) {
    router
        .post("/api/v1/keys/:pubkey/retire")
        .handler(BodyHandler.create(false).setBodyLimit(ActionBodies.LIMIT))
        .handler(tokens.requiring(Permission.RETIRE_KEYS))
        .handler(this::retire);
  }

  private void retire(RoutingContext context) {
    String text = context.pathParam("pubkey");
    Optional<byte[]> pubkey = Pubkeys.parse(text);
    Optional<String> reason;
    try {
      reason = Query.of(context.queryParams(), Set.of("reason")).reason();
    } catch (BadQueryException e) {
      Failed.answer(context, e);
      return;
    }
    if (pubkey.isEmpty()) {
      ApiResponses.error(
          context, 400, "'" + text + "' is not a public key: write 0x and 96 hex digits");
      return;
    }
    String actor = BearerTokens.caller(context);
    retirement
        .retire(pubkey.get(), reason.orElse("retired by an operator"), actor)
        .onSuccess(
            outcome -> {
              switch (outcome) {
                case Retirement.Retired retired -> answerRetired(context, pubkey.get());
                case Retirement.AlreadyRetired already ->
                    ApiResponses.error(context, 409, "key " + text + " is retired already");
                case Retirement.Leased leased ->
                    ApiResponses.error(
                        context,
                        409,
                        "key "
                            + text
                            + " is held by lease "
                            + leased.leaseId()
                            + "; release that lease first (POST /api/v1/leases/"
                            + leased.leaseId()
                            + "/release), then retire the key");
                case Retirement.NoSuchKey missing ->
                    ApiResponses.error(context, 404, "no key has the public key " + text);
              }
            })
        .onFailure(failure -> Failed.answer(context, failure));
  }

  private void answerRetired(RoutingContext context, byte[] pubkey) {
    reads
        .find(pubkey)
        .compose(found -> keys.json(found.orElseThrow()))
        .onSuccess(key -> ApiResponses.ok(context, key))
        .onFailure(failure -> Failed.answer(context, failure));
  }
}
