package dev.valet.webhook.admin.api;

import dev.valet.allocator.admin.EventFilter;
import dev.valet.allocator.admin.PgEventReads;
import dev.valet.allocator.admin.PgPoolReads;
import dev.valet.webhook.admin.auth.BearerTokens;
import dev.valet.webhook.admin.auth.Permission;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/events} (filters {@code pool}, {@code namespace}, {@code lease}, {@code kind};
 * newest first): the audit log.
 */
final class EventRoutes {
  private static final Set<String> PARAMETERS =
      Set.of("pool", "namespace", "lease", "kind", "limit", "cursor");
  private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9.-]{0,63}");

  private final PgPoolReads pools;
  private final PgEventReads events;

  EventRoutes(PgPoolReads pools, PgEventReads events) {
    this.pools = pools;
    this.events = events;
  }

  void mount(Router router, BearerTokens tokens) {
    router
        .get("/api/v1/events")
        .handler(tokens.requiring(Permission.LIST_EVENTS))
        .handler(this::list);
  }

  private void list(RoutingContext context) {
    Query query;
    EventFilter filter;
    try {
      query = Query.of(context.queryParams(), PARAMETERS);
      filter = new EventFilter(query.get("pool"), query.namespace(), lease(query), kind(query));
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
              return events.list(filter, query.page());
            })
        .onSuccess(page -> ApiResponses.ok(context, AdminJson.page(page, AdminJson::event)))
        .onFailure(failure -> Failed.answer(context, failure));
  }

  private static Optional<UUID> lease(Query query) {
    Optional<String> text = query.get("lease");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        LeaseRoutes.leaseId(text.get())
            .orElseThrow(() -> new BadQueryException("lease must be a lease id (a UUID)")));
  }

  private static Optional<String> kind(Query query) {
    Optional<String> kind = query.get("kind");
    if (kind.isPresent() && !KIND.matcher(kind.get()).matches()) {
      throw new BadQueryException(
          "kind must be an event kind such as lease.allocated, lease.released or key.retired");
    }
    return kind;
  }
}
