package dev.valet.webhook.admin.api;

import dev.valet.allocator.admin.DepositFilter;
import dev.valet.allocator.admin.DepositReads;
import dev.valet.allocator.admin.PgPoolReads;
import dev.valet.webhook.admin.auth.BearerTokens;
import dev.valet.webhook.admin.auth.Permission;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /api/v1/deposits} (filters {@code pool}, {@code state}): each key's deposit, read
 * through {@link DepositReads}. A Valet without deposit tracking answers 501, saying so.
 */
final class DepositRoutes {
  private static final Set<String> PARAMETERS = Set.of("pool", "state", "limit", "cursor");

  private final PgPoolReads pools;
  private final Optional<DepositReads> deposits;

  DepositRoutes(PgPoolReads pools, Optional<DepositReads> deposits) {
    this.pools = pools;
    this.deposits = deposits;
  }

  void mount(Router router, BearerTokens tokens) {
    router
        .get("/api/v1/deposits")
        .handler(tokens.requiring(Permission.LIST_DEPOSITS))
        .handler(this::list);
  }

  private void list(RoutingContext context) {
    if (deposits.isEmpty()) {
      ApiResponses.error(context, 501, "this Valet does not track deposits");
      return;
    }
    DepositReads reads = deposits.get();
    Query query;
    DepositFilter filter;
    try {
      query = Query.of(context.queryParams(), PARAMETERS);
      filter =
          new DepositFilter(
              query.get("pool"), query.oneOf("state", reads.states(), state -> state));
      query.page();
    } catch (BadQueryException e) {
      Failed.answer(context, e);
      return;
    }
    pools
        .names()
        .compose(
            known -> {
              Query.requireKnownPool(filter.pool(), known);
              return reads.list(filter, query.page());
            })
        .onSuccess(page -> ApiResponses.ok(context, AdminJson.page(page, AdminJson::deposit)))
        .onFailure(failure -> Failed.answer(context, failure));
  }
}
