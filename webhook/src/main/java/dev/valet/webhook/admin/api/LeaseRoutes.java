package dev.valet.webhook.admin.api;

import dev.valet.allocator.admin.LeaseFilter;
import dev.valet.allocator.admin.PgLeaseReads;
import dev.valet.allocator.admin.PgPoolReads;
import dev.valet.allocator.lease.LeaseState;
import dev.valet.webhook.admin.auth.BearerTokens;
import dev.valet.webhook.admin.auth.Permission;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code GET /api/v1/leases} (filters {@code pool}, {@code namespace}, {@code state}; newest first)
 * and {@code GET /api/v1/leases/:id}: who holds which keys, since when, and how each lease ended.
 */
final class LeaseRoutes {
  private static final Set<String> LIST_PARAMETERS =
      Set.of("pool", "namespace", "state", "limit", "cursor");
  private static final List<String> STATES =
      Arrays.stream(LeaseState.values()).map(LeaseState::sqlName).toList();

  private final PgPoolReads pools;
  private final PgLeaseReads leases;

  LeaseRoutes(PgPoolReads pools, PgLeaseReads leases) {
    this.pools = pools;
    this.leases = leases;
  }

  void mount(Router router, BearerTokens tokens) {
    router
        .get("/api/v1/leases")
        .handler(tokens.requiring(Permission.LIST_LEASES))
        .handler(this::list);
    router
        .get("/api/v1/leases/:id")
        .handler(tokens.requiring(Permission.GET_LEASES))
        .handler(this::one);
  }

  private void list(RoutingContext context) {
    Query query;
    LeaseFilter filter;
    try {
      query = Query.of(context.queryParams(), LIST_PARAMETERS);
      filter =
          new LeaseFilter(
              query.get("pool"),
              query.namespace(),
              query.oneOf("state", STATES, LeaseState::fromSql));
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
              return leases.list(filter, query.page());
            })
        .onSuccess(page -> ApiResponses.ok(context, AdminJson.page(page, AdminJson::lease)))
        .onFailure(failure -> Failed.answer(context, failure));
  }

  private void one(RoutingContext context) {
    String text = context.pathParam("id");
    Optional<UUID> id = leaseId(text);
    if (id.isEmpty()) {
      ApiResponses.error(context, 404, "no lease has the id '" + text + "' (lease ids are UUIDs)");
      return;
    }
    leases
        .find(id.get())
        .onSuccess(
            found -> {
              if (found.isPresent()) {
                ApiResponses.ok(context, AdminJson.lease(found.get()));
              } else {
                ApiResponses.error(context, 404, "no lease has the id " + text);
              }
            })
        .onFailure(failure -> Failed.answer(context, failure));
  }

  static Optional<UUID> leaseId(String text) {
    try {
      UUID id = UUID.fromString(text);
      return id.toString().equalsIgnoreCase(text) ? Optional.of(id) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
