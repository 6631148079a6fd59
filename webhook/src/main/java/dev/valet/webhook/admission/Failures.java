package dev.valet.webhook.admission;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * Turns a failure into words an operator can act on, without stack traces or anything a driver
 * might have copied from a statement's parameters.
 */
public final class Failures {
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
      case PgException pg when pg.getSqlState() != null && pg.getSqlState().startsWith("08") ->
          "the database is unreachable";
      case PgException pg -> "the database refused a statement (SQLSTATE " + pg.getSqlState() + ")";
      case KubernetesClientException kube when kube.getCode() > 0 ->
          "the Kubernetes API answered " + kube.getCode() + ": " + statusMessage(kube);
      case KubernetesClientException kube -> "the Kubernetes API is unreachable";
      case ConnectionPoolTooBusyException busy ->
          "every database connection is in use and database.maxWaitQueue requests already wait"
              + " for one; raise database.poolSize or database.maxWaitQueue if this lasts";
      case Throwable pool when isConnectionWaitTimeout(pool) ->
          "no database connection became free within database.connectTimeout; raise"
              + " database.poolSize or database.connectTimeout if this lasts";
      case ConnectException connect -> "the database is unreachable";
      case TimeoutException timeout -> "timed out: " + timeout.getMessage();
      case VertxException vertx when isConnectionProblem(vertx) -> "the database is unreachable";
      default -> cause.getClass().getSimpleName() + ": " + cause.getMessage();
    };
  }

  /**
   * The SQL client's pool fails a wait for a connection with a bare "Timeout" (a deprecated Vert.x
   * class) for a transaction, or "Timeout waiting for connection" for a single statement, so it is
   * known by its package and message.
   */
  private static boolean isConnectionWaitTimeout(Throwable failure) {
    String message = String.valueOf(failure.getMessage());
    return failure.getClass().getName().startsWith("io.vertx.")
        && (message.equals("Timeout") || message.startsWith("Timeout waiting for connection"));
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
