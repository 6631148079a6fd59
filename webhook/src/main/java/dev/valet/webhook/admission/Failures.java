package dev.valet.webhook.admission;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Turns a failure into words an operator can act on, without stack traces or anything a driver
 * might have copied from a statement's parameters.
 */
public final class Failures {
  /** admin_shutdown, crash_shutdown, cannot_connect_now: the server is stopping or starting. */
  private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03");

  private Failures() {}

  public static String describe(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      if (cause instanceof PgException || cause instanceof KubernetesClientException) {
        break;
      }
      cause = cause.getCause();
    }
    return switch (cause) {
      case PgException pg when "57014".equals(pg.getSqlState()) ->
          "the database did not answer within the statement timeout";
      case PgException pg when "55P03".equals(pg.getSqlState()) ->
          "the database did not answer within the statement timeout (a lock was held too long)";
      case PgException pg when pg.getSqlState() != null && pg.getSqlState().startsWith("08") ->
          "the database is unreachable";
      case PgException pg when SERVER_GOING_AWAY.contains(pg.getSqlState()) ->
          "the database is unreachable (the server is shutting down or starting)";
      case PgException pg -> "the database refused a statement (SQLSTATE " + pg.getSqlState() + ")";
      case KubernetesClientException kube when kube.getCode() > 0 ->
          "the Kubernetes API answered " + kube.getCode() + ": " + statusMessage(kube);
      case KubernetesClientException kube -> "the Kubernetes API is unreachable";
      case SocketException socket -> "the database is unreachable";
      case IOException io when isBrokenConnection(io) -> "the database is unreachable";
      case ClosedChannelException closed -> "the database is unreachable";
      case TimeoutException timeout -> "timed out: " + timeout.getMessage();
      case ConnectionPoolTooBusyException busy ->
          "the database connection pool is busy: every database connection is in use and"
              + " database.maxWaitQueue requests already wait for one; raise database.poolSize or"
              + " database.maxWaitQueue if this lasts";
      case Throwable wait when isWaitForConnection(wait) ->
          "no database connection was ready within database.connectTimeout: all"
              + " database.poolSize connections were busy, or a new one was slow to open; raise"
              + " database.poolSize or database.connectTimeout if this lasts";
      case VertxException vertx when isConnectionProblem(vertx) -> "the database is unreachable";
      default -> cause.getClass().getSimpleName() + ": " + cause.getMessage();
    };
  }

  /**
   * The SQL client's pool fails a wait for a connection with a bare "Timeout" (a deprecated Vert.x
   * class) for a transaction, or "Timeout waiting for connection" for a single statement, so it is
   * known by its package and message.
   */
  private static boolean isWaitForConnection(Throwable failure) {
    String message = String.valueOf(failure.getMessage());
    return failure.getClass().getName().startsWith("io.vertx.")
        && (message.equals("Timeout") || message.startsWith("Timeout waiting for connection"));
  }

  /**
   * NIO reports a write to a socket the server closed as a plain IOException ("Broken pipe"), not a
   * SocketException; file errors of local mode are FileSystemExceptions and never read like this.
   */
  private static boolean isBrokenConnection(IOException failure) {
    String message = String.valueOf(failure.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return message.contains("broken pipe") || message.contains("connection reset");
  }

  private static boolean isConnectionProblem(VertxException failure) {
    String message = String.valueOf(failure.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return message.contains("connection") || message.contains("closed");
  }

  private static String statusMessage(KubernetesClientException failure) {
    if (failure.getStatus() != null && failure.getStatus().getMessage() != null) {
      return failure.getStatus().getMessage();
    }
    return String.valueOf(failure.getMessage());
  }
}
