package dev.valet.webhook.admin.api;

import dev.valet.allocator.admin.DepositReads;
import dev.valet.allocator.admin.PgPoolReads;
import dev.valet.allocator.admin.PoolView;
import dev.valet.webhook.admin.auth.BearerTokens;
import dev.valet.webhook.admin.auth.Permission;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /api/v1/pools} and {@code GET /api/v1/pools/:name}: every pool with its keys by state,
 * its unreleased leases, its deposits by state where deposits are tracked, and its caps with what
 * is left of them. Pools are few, so the list is one page.
 */
final class PoolRoutes {
  private final PgPoolReads pools;
  private final Optional<DepositReads> deposits;

  PoolRoutes(PgPoolReads pools, Optional<DepositReads> deposits) {
    this.pools = pools;
    this.deposits = deposits;
  }

  void mount(Router router, BearerTokens tokens) {
    router
        .get("/api/v1/pools")
        .handler(tokens.requiring(Permission.LIST_POOLS))
        .handler(this::list);
    router
        .get("/api/v1/pools/:name")
        .handler(tokens.requiring(Permission.GET_POOLS))
        .handler(this::one);
  }

  private void list(RoutingContext context) {
    try {
      Query.of(context.queryParams(), Set.of());
    } catch (BadQueryException e) {
      Failed.answer(context, e);
      return;
    }
    pools
        .all()
        .compose(views -> depositCounts().map(counts -> json(views, counts)))
        .onSuccess(
            items -> ApiResponses.ok(context, new JsonObject().put("items", items).putNull("next")))
        .onFailure(failure -> Failed.answer(context, failure));
  }

  private void one(RoutingContext context) {
    String name = context.pathParam("name");
    pools
        .find(name)
        .compose(
            view ->
                depositCounts()
                    .map(
                        counts -> view.map(found -> json(List.of(found), counts).getJsonObject(0))))
        .onSuccess(
            found -> {
              if (found.isPresent()) {
                ApiResponses.ok(context, found.get());
              } else {
                ApiResponses.error(context, 404, "no pool is named '" + name + "'");
              }
            })
        .onFailure(failure -> Failed.answer(context, failure));
  }

  private Future<Optional<Map<String, Map<String, Long>>>> depositCounts() {
    return deposits
        .map(reads -> reads.countsByPool().map(Optional::of))
        .orElse(Future.succeededFuture(Optional.empty()));
  }

  private static JsonArray json(
      List<PoolView> views, Optional<Map<String, Map<String, Long>>> counts) {
    JsonArray items = new JsonArray();
    for (PoolView view : views) {
      items.add(
          AdminJson.pool(view, counts.map(byPool -> byPool.getOrDefault(view.name(), Map.of()))));
    }
    return items;
  }
}
