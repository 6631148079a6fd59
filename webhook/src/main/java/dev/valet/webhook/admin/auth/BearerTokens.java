package dev.valet.webhook.admin.auth;

import dev.valet.webhook.admin.api.ApiResponses;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route step that lets a request on only with a bearer token that holds the route's permission.
 * Without a token, or with one that names nobody: 401. Without the permission: 403. When no
 * decision can be had: 503. Each with a short reason and nothing else.
 */
public final class BearerTokens {
  private static final Logger LOG = LoggerFactory.getLogger(BearerTokens.class);
  private static final String CALLER = "valet.admin.caller";
  private static final int MAX_TOKEN_LENGTH = 16 * 1024;

  private final AccessControl access;

  public BearerTokens(AccessControl access) {
    this.access = access;
  }

  /** The step for routes that need {@code permission}. */
  public Handler<RoutingContext> requiring(Permission permission) {
    return context -> check(context, permission);
  }

  /** The identity of the caller a route let on; present on every route behind this step. */
  public static String caller(RoutingContext context) {
    String caller = context.get(CALLER);
    if (caller == null) {
      throw new IllegalStateException("no caller: the route has no bearer token step");
    }
    return caller;
  }

  private void check(RoutingContext context, Permission permission) {
    String header = context.request().getHeader("Authorization");
    if (header == null || !header.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
      unauthorized(context, "a bearer token is required (Authorization: Bearer <token>)");
      return;
    }
    String token = header.substring("bearer ".length()).strip();
    if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      unauthorized(context, "the token is not valid");
      return;
    }
    access
        .decide(token, permission)
        .onComplete(
            result -> {
              if (result.failed()) {
                LOG.warn(
                    "Could not check a token for {}: {}; the request was refused",
                    permission,
                    result.cause().toString());
                ApiResponses.error(
                    context, 503, "the token could not be checked now; try again shortly");
                return;
              }
              switch (result.result()) {
                case AccessDecision.Allowed allowed -> {
                  context.put(CALLER, allowed.user());
                  context.next();
                }
                case AccessDecision.Unauthenticated refused ->
                    unauthorized(context, refused.reason());
                case AccessDecision.Forbidden forbidden -> {
                  LOG.info("Refused: {}", forbidden.reason());
                  ApiResponses.error(context, 403, forbidden.reason());
                }
              }
            });
  }

  private static void unauthorized(RoutingContext context, String reason) {
    context.response().putHeader("WWW-Authenticate", "Bearer realm=\"valet\"");
    ApiResponses.error(context, 401, reason);
  }
}
