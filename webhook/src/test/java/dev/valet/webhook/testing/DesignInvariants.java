package dev.valet.webhook.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.testing.TestDatabase;
import dev.valet.webhook.ValetLabels;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The invariants of DESIGN.md that a fault may break, checked on what is stored: the rows of
 * Valet's database and the Secrets of the API server. A fault test calls {@link #assertHold} once
 * the fault is over and Valet has settled; each check reads the data, so it fails on a broken row
 * even where the schema would have let it through.
 */
public final class DesignInvariants implements AutoCloseable {
  /** Keys held by more than one unreleased lease (invariant 1). */
  private static final String KEYS_WITH_TWO_UNRELEASED_LEASES =
      """
      SELECT lk.key_id, count(*) AS leases
        FROM lease_keys lk JOIN leases l ON l.id = lk.lease_id
       WHERE l.state <> 'released'
       GROUP BY lk.key_id
      HAVING count(*) > 1
      """;

  /** Keys whose own row says leased, but not by an unreleased lease that holds them. */
  private static final String LEASED_KEYS_WITHOUT_THEIR_LEASE =
      """
      SELECT k.id
        FROM keys k
       WHERE k.state = 'leased'
         AND NOT EXISTS (SELECT 1 FROM lease_keys lk JOIN leases l ON l.id = lk.lease_id
                          WHERE lk.key_id = k.id AND lk.lease_id = k.lease_id
                            AND l.state <> 'released' AND NOT lk.released)
      """;

  /** Keys of an unreleased lease that their own row calls free, retired or another's. */
  private static final String UNRELEASED_LEASE_KEYS_NOT_MARKED_LEASED =
      """
      SELECT lk.key_id
        FROM lease_keys lk JOIN leases l ON l.id = lk.lease_id JOIN keys k ON k.id = lk.key_id
       WHERE l.state <> 'released' AND (k.state <> 'leased' OR k.lease_id IS DISTINCT FROM l.id)
      """;

  /** A lease's keys marked released while it is not, or the other way round. */
  private static final String RELEASE_FLAGS_DISAGREEING =
      """
      SELECT lk.lease_id
        FROM lease_keys lk JOIN leases l ON l.id = lk.lease_id
       WHERE lk.released <> (l.state = 'released')
      """;

  /** Released keys handed out again before their quarantine ended (invariant 3). */
  private static final String KEYS_LEASED_WITHIN_QUARANTINE =
      """
      SELECT later.key_id
        FROM lease_keys earlier
        JOIN leases e ON e.id = earlier.lease_id
        JOIN lease_keys later ON later.key_id = earlier.key_id AND later.lease_id <> e.id
        JOIN leases l ON l.id = later.lease_id
       WHERE e.state = 'released' AND l.created_at > e.released_at
         AND l.created_at < e.released_at + $1::bigint * interval '1 second'
      """;

  private static final String UNRELEASED_LEASES_IN_NAMESPACE =
      "SELECT id FROM leases WHERE namespace = $1 AND state <> 'released'";

  private final Vertx vertx;
  private final Pool pool;
  private final KubernetesClient client;

  private DesignInvariants(Vertx vertx, Pool pool, KubernetesClient client) {
    this.vertx = vertx;
    this.pool = pool;
    this.client = client;
  }

  public static DesignInvariants open(TestDatabase database, KubernetesClient client) {
    Vertx vertx = Vertx.vertx();
    return new DesignInvariants(vertx, database.pool(vertx), client);
  }

  /**
   * Asserts that every key has at most one unreleased lease and that the keys' rows agree with
   * their leases; that no key was leased again within {@code quarantineSeconds} of a release; and,
   * in each of {@code namespaces}, that every unreleased lease has its Secret and every lease
   * Secret belongs to an unreleased lease: nothing half-done is left behind.
   */
  public void assertHold(long quarantineSeconds, List<String> namespaces) {
    assertKeysHeldOnce();
    assertThat(column(KEYS_LEASED_WITHIN_QUARANTINE, Tuple.of(quarantineSeconds)))
        .as("keys leased again within their quarantine")
        .isEmpty();
    for (String namespace : namespaces) {
      assertThat(leaseSecrets(namespace))
          .as("lease Secrets in %s, against the unreleased leases of that namespace", namespace)
          .isEqualTo(unreleasedLeaseSecrets(namespace));
    }
  }

  /**
   * Asserts that every key has at most one unreleased lease and that the keys' own rows agree with
   * their leases: what must hold at every moment, even right after a crash.
   */
  public void assertKeysHeldOnce() {
    assertThat(column(KEYS_WITH_TWO_UNRELEASED_LEASES, Tuple.tuple()))
        .as("keys with more than one unreleased lease")
        .isEmpty();
    assertThat(column(LEASED_KEYS_WITHOUT_THEIR_LEASE, Tuple.tuple()))
        .as("keys marked leased without an unreleased lease holding them")
        .isEmpty();
    assertThat(column(UNRELEASED_LEASE_KEYS_NOT_MARKED_LEASED, Tuple.tuple()))
        .as("keys of unreleased leases whose own row does not say so")
        .isEmpty();
    assertThat(column(RELEASE_FLAGS_DISAGREEING, Tuple.tuple()))
        .as("leases whose keys' released flags disagree with the lease's state")
        .isEmpty();
  }

  /** The names of the Secrets Valet's unreleased leases in {@code namespace} should have. */
  public Set<String> unreleasedLeaseSecrets(String namespace) {
    Set<String> names = new TreeSet<>();
    for (String id : column(UNRELEASED_LEASES_IN_NAMESPACE, Tuple.of(namespace))) {
      names.add("valet-" + id);
    }
    return names;
  }

  /** The names of the Secrets in {@code namespace} that carry a lease label. */
  public Set<String> leaseSecrets(String namespace) {
    Set<String> names = new TreeSet<>();
    for (Secret secret :
        client.secrets().inNamespace(namespace).withLabel(ValetLabels.LEASE).list().getItems()) {
      names.add(secret.getMetadata().getName());
    }
    return names;
  }

  private List<String> column(String sql, Tuple parameters) {
    List<String> values = new ArrayList<>();
    try {
      for (Row row : pool.preparedQuery(sql).execute(parameters).await(10, TimeUnit.SECONDS)) {
        values.add(String.valueOf(row.getValue(0)));
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("the test database did not answer", e);
    }
    return values;
  }

  @Override
  public void close() throws TimeoutException {
    pool.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
