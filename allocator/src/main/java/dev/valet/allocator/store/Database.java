package dev.valet.allocator.store;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Opens the connection pool that every store of the allocator shares. */
public final class Database {
  private Database() {}

  /**
   * A pool for {@code settings}. Statements that run longer than the statement timeout are
   * cancelled by the server, so a slow database turns into a clear error rather than a hang.
   */
  public static Pool open(Vertx vertx, DatabaseSettings settings) {
    PgConnectOptions connect;
    try {
      connect = PgConnectOptions.fromUri(settings.url());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "database url "
              + redactedUrl(settings.url())
              + " is not a postgresql:// URI: "
              + e.getMessage(),
          e);
    }
    settings.password().ifPresent(connect::setPassword);
    Map<String, String> properties = new HashMap<>(PgConnectOptions.DEFAULT_PROPERTIES);
    properties.put("application_name", "valet");
    properties.put("client_min_messages", "warning");
    properties.put("statement_timeout", Long.toString(settings.statementTimeout().toMillis()));
    properties.put("lock_timeout", Long.toString(settings.statementTimeout().toMillis()));
    // Each connection keeps its statements prepared: an allocation runs the same few statements
    // every time, and without the cache each one is parsed and described again before it runs.
    connect.setReconnectAttempts(0).setProperties(properties).setCachePreparedStatements(true);
    PoolOptions pool =
        new PoolOptions()
            .setName("valet")
            .setMaxSize(settings.poolSize())
            .setMaxWaitQueueSize(settings.maxWaitQueue())
            .setConnectionTimeout((int) settings.connectTimeout().toMillis())
            .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
    NetClientOptions net =
        new NetClientOptions().setConnectTimeout((int) settings.connectTimeout().toMillis());
    return PgBuilder.pool().with(pool).with(net).connectingTo(connect).using(vertx).build();
  }

  /** The URL without a password, fit for logs and error messages. */
  public static String redactedUrl(String url) {
    return url == null ? "null" : url.replaceAll("(://[^:/@]+):[^@]*@", "$1:***@");
  }
}
