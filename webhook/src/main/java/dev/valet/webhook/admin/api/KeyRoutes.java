package dev.valet.webhook.admin.api;

import dev.valet.allocator.admin.DepositReads;
import dev.valet.allocator.admin.KeyFilter;
import dev.valet.allocator.admin.KeyState;
import dev.valet.allocator.admin.KeyView;
import dev.valet.allocator.admin.Page;
import dev.valet.allocator.admin.PgKeyReads;
import dev.valet.allocator.admin.PgPoolReads;
import dev.valet.allocator.admin.Pubkeys;
import dev.valet.webhook.admin.auth.BearerTokens;
import dev.valet.webhook.admin.auth.Permission;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /api/v1/keys} (filters {@code pool}, {@code state}, {@code namespace}; oldest first)
 * and {@code GET /api/v1/keys/:pubkey}: each key's public facts, where it is, and its deposit state
 * where deposits are tracked.
 */
final class KeyRoutes {
  private static final Set<String> LIST_PARAMETERS =
      Set.of("pool", "state", "namespace", "limit", "cursor");

  private final PgPoolReads pools;
  private final PgKeyReads keys;
  private final Optional<DepositReads> deposits;

  KeyRoutes(PgPoolReads pools, PgKeyReads keys, Optional<DepositReads> deposits) {
    this.pools = pools;
    this.keys = keys;
    this.deposits = deposits;
  }

  void mount(Router router, BearerTokens tokens) {
    router.get("/api/v1/keys").handler(tokens.requiring(Permission.LIST_KEYS)).handler(this::list);
    router
        .get("/api/v1/keys/:pubkey")
        .handler(tokens.requiring(Permission.GET_KEYS))
        .handler(this::one);
  }

  private void list(RoutingContext context) {
    Query query;
    KeyFilter filter;
    try {
      query = Query.of(context.queryParams(), LIST_PARAMETERS);
      filter =
          new KeyFilter(
              query.get("pool"),
              query.oneOf("state", KeyState.labels(), label -> KeyState.fromLabel(label).get()),
              query.namespace());
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
              return keys.list(filter, query.page());
            })
        .compose(this::json)
        .onSuccess(page -> ApiResponses.ok(context, page))
        .onFailure(failure -> Failed.answer(context, failure));
  }

  private void one(RoutingContext context) {
    String text = context.pathParam("pubkey");
    Optional<byte[]> pubkey = Pubkeys.parse(text);
    if (pubkey.isEmpty()) {
      ApiResponses.error(
          context, 400, "'" + text + "' is not a public key: write 0x and 96 hex digits");
      return;
    }
    keys.find(pubkey.get())
        .compose(
            found ->
                found.isEmpty()
                    ? Future.succeededFuture(Optional.<JsonObject>empty())
                    : json(found.get()).map(Optional::of))
        .onSuccess(
            found -> {
              if (found.isPresent()) {
                ApiResponses.ok(context, found.get());
              } else {
                ApiResponses.error(context, 404, "no key has the public key " + text);
              }
            })
        .onFailure(failure -> Failed.answer(context, failure));
  }

  /** One key as JSON, with its deposit state where deposits are tracked. */
  Future<JsonObject> json(KeyView key) {
    return json(new Page<>(List.of(key), Optional.empty()))
        .map(page -> page.getJsonArray("items").getJsonObject(0));
  }

  /** The page as JSON, each key with its deposit state where deposits are tracked. */
  Future<JsonObject> json(Page<KeyView> page) {
    if (deposits.isEmpty()) {
      return Future.succeededFuture(
          AdminJson.page(page, key -> AdminJson.key(key, Optional.empty())));
    }
    List<Long> ids = page.items().stream().map(KeyView::id).toList();
    return deposits
        .get()
        .statesOf(ids)
        .map(
            (Map<Long, String> states) ->
                AdminJson.page(
                    page,
                    key ->
                        AdminJson.key(
                            key, Optional.of(Optional.ofNullable(states.get(key.id()))))));
  }
}
