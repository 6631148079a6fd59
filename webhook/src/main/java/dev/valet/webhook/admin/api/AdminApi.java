package dev.valet.webhook.admin.api;

import dev.valet.allocator.admin.DepositReads;
import dev.valet.allocator.admin.PgEventReads;
import dev.valet.allocator.admin.PgKeyReads;
import dev.valet.allocator.admin.PgKeyRetirement;
import dev.valet.allocator.admin.PgLeaseReads;
import dev.valet.allocator.admin.PgPoolReads;
import dev.valet.webhook.admin.auth.BearerTokens;
import dev.valet.webhook.admin.release.OperatorRelease;
import io.vertx.ext.web.Router;
import java.util.Optional;

/**
 * The JSON API under {@code /api/v1/}: reads of pools, keys, leases, deposits and events, and the
 * actions release and retire, each behind the bearer token step with its own permission.
 *
 * @param deposits where deposits are read from; empty in a Valet without deposit tracking
 * @param downloads the launchpad deposit data downloads; empty without deposit tracking
 */
public record AdminApi(
    PgPoolReads pools,
    PgKeyReads keys,
    PgLeaseReads leases,
    PgEventReads events,
    Optional<DepositReads> deposits,
    PgKeyRetirement retirement,
    OperatorRelease release,
    Optional<DepositDownloadRoutes> downloads) {

  public void mount(Router router, BearerTokens tokens) {
    new PoolRoutes(pools, deposits).mount(router, tokens);
    KeyRoutes keyRoutes = new KeyRoutes(pools, keys, deposits);
    keyRoutes.mount(router, tokens);
    new KeyRetireRoute(retirement, keys, keyRoutes).mount(router, tokens);
    new LeaseRoutes(pools, leases).mount(router, tokens);
    new LeaseReleaseRoute(release).mount(router, tokens);
    new EventRoutes(pools, events).mount(router, tokens);
    new DepositRoutes(pools, deposits).mount(router, tokens);
    downloads.ifPresent(routes -> routes.mount(router, tokens));
  }
}
