package dev.valet.webhook.admin.api;

import dev.valet.allocator.deposit.store.PgDepositDownload;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.webhook.admin.auth.BearerTokens;
import dev.valet.webhook.admin.auth.Permission;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The launchpad deposit data of a pool in export mode. {@code POST
 * /api/v1/pools/:pool/deposit-data} answers the {@code deposit_data-<time>.json} of every deposit
 * that waits for export and marks them exported, so each is handed out once; {@code GET
 * /api/v1/pools/:pool/deposit-data/:file} hands out a file exported before again, changing nothing.
 * Deposit data holds public keys and signatures only.
 */
public final class DepositDownloadRoutes {
  private static final Pattern FILE = Pattern.compile("deposit_data-\\d{1,19}\\.json");

  private final Map<String, PoolSettings> pools;
  private final PgDepositDownload download;
  private final Clock clock;

  public DepositDownloadRoutes(
      Map<String, PoolSettings> pools, PgDepositDownload download, Clock clock) {
    this.pools = Map.copyOf(pools);
    this.download = download;
    this.clock = clock;
  }

  void mount(Router router, BearerTokens tokens) {
    router
        .post("/api/v1/pools/:pool/deposit-data")
        .handler(BodyHandler.create(false).setBodyLimit(ActionBodies.LIMIT))
        .handler(tokens.requiring(Permission.EXPORT_DEPOSITS))
        .handler(this::export);
    router
        .get("/api/v1/pools/:pool/deposit-data/:file")
        .handler(tokens.requiring(Permission.LIST_DEPOSITS))
        .handler(this::again);
  }

  private void export(RoutingContext context) {
    PoolSettings pool = pools.get(context.pathParam("pool"));
    if (pool == null) {
      ApiResponses.error(context, 404, "no pool is named '" + context.pathParam("pool") + "'");
      return;
    }
    download
        .export(pool, clock.instant(), BearerTokens.caller(context))
        .onSuccess(
            file -> {
              if (file.isEmpty()) {
                ApiResponses.error(
                    context, 404, "no deposit of pool " + pool.name() + " waits for export");
              } else {
                send(context, file.get());
              }
            })
        .onFailure(
            failure -> {
              if (failure instanceof IllegalArgumentException refused) {
                ApiResponses.error(context, 409, refused.getMessage());
              } else {
                Failed.answer(context, failure);
              }
            });
  }

  private void again(RoutingContext context) {
    PoolSettings pool = pools.get(context.pathParam("pool"));
    String name = context.pathParam("file");
    if (pool == null) {
      ApiResponses.error(context, 404, "no pool is named '" + context.pathParam("pool") + "'");
      return;
    }
    if (!FILE.matcher(name).matches()) {
      ApiResponses.error(context, 400, "a deposit data file is named deposit_data-<seconds>.json");
      return;
    }
    download
        .again(pool, name)
        .onSuccess(
            file -> {
              if (file.isEmpty()) {
                ApiResponses.error(context, 404, "pool " + pool.name() + " exported no " + name);
              } else {
                send(context, file.get());
              }
            })
        .onFailure(failure -> Failed.answer(context, failure));
  }

  private static void send(RoutingContext context, PgDepositDownload.Download file) {
    context
        .response()
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"" + file.fileName() + "\"")
        .end(file.json());
  }
}
