package dev.valet.webhook.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.store.Database;
import dev.valet.allocator.store.DatabaseSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The invariants of the design, checked on what a local-mode Valet left in its database and its
 * Secret files after a run: no key has two unreleased leases; every unreleased lease has its Secret
 * with its keys, and every Secret its unreleased lease; an admission that was denied left no lease,
 * one that was granted left exactly the lease its patch names, and no lease exists that no answer
 * handed out (so the outcomes given must be every admission of the run).
 */
public final class LeaseInvariants implements AutoCloseable {
  private static final String KEYS_WITH_TWO_UNRELEASED_LEASES =
      """
      SELECT lk.key_id, count(*) AS leases
        FROM lease_keys lk JOIN leases l ON l.id = lk.lease_id
       WHERE l.state <> 'released'
       GROUP BY lk.key_id
      HAVING count(*) > 1
      """;
  private static final String LEASED_KEYS_WITHOUT_A_LIVE_LEASE =
      """
      SELECT k.id
        FROM keys k LEFT JOIN leases l ON l.id = k.lease_id
       WHERE k.state = 'leased' AND (l.id IS NULL OR l.state = 'released')
      """;
  private static final String UNRELEASED_LEASES =
      """
      SELECT l.id::text AS id, l.namespace,
             array_agg('0x' || encode(k.pubkey, 'hex') ORDER BY lk.position) AS pubkeys
        FROM leases l
        JOIN lease_keys lk ON lk.lease_id = l.id
        JOIN keys k ON k.id = lk.key_id
       WHERE l.state <> 'released'
       GROUP BY l.id, l.namespace
      """;
  private static final String ALL_LEASES = "SELECT request_uid, id::text AS id FROM leases";
  private static final String LEASES_OF_UIDS =
      "SELECT request_uid, id::text AS id, state FROM leases WHERE request_uid = ANY($1)";

  private final Vertx vertx;
  private final Pool db;
  private final Path secretsDir;

  private LeaseInvariants(Vertx vertx, Pool db, Path secretsDir) {
    this.vertx = vertx;
    this.db = db;
    this.secretsDir = secretsDir;
  }

  /** Reads the database of {@code settings} and the Secret files under {@code secretsDir}. */
  public static LeaseInvariants open(DatabaseSettings settings, Path secretsDir) {
    Vertx vertx = Vertx.vertx();
    return new LeaseInvariants(vertx, Database.open(vertx, settings.withPoolSize(2)), secretsDir);
  }

  /** Fails the test, saying which, if any invariant does not hold after {@code outcomes}. */
  public void assertHold(Collection<AdmissionOutcome> outcomes) {
    assertThat(ids(query(KEYS_WITH_TWO_UNRELEASED_LEASES, Tuple.tuple()), "key_id"))
        .as("keys with two unreleased leases")
        .isEmpty();
    assertThat(ids(query(LEASED_KEYS_WITHOUT_A_LIVE_LEASE, Tuple.tuple()), "id"))
        .as("keys marked leased whose lease is gone or released")
        .isEmpty();
    assertLeasesAndSecretsMatch();
    assertOutcomesLeftWhatTheySaid(outcomes);
  }

  private void assertLeasesAndSecretsMatch() {
    Map<Path, List<String>> expected = new HashMap<>();
    for (Row row : query(UNRELEASED_LEASES, Tuple.tuple())) {
      Path secret =
          secretsDir.resolve(row.getString("namespace")).resolve("valet-" + row.getString("id"));
      expected.put(secret, List.of(row.getArrayOfStrings("pubkeys")));
    }
    Set<Path> found = new HashSet<>(secretDirectories());
    assertThat(found).as("Secrets without an unreleased lease").isSubsetOf(expected.keySet());
    assertThat(expected.keySet()).as("unreleased leases without their Secret").isSubsetOf(found);
    for (Map.Entry<Path, List<String>> lease : expected.entrySet()) {
      assertThat(pubkeyLines(lease.getKey()))
          .as("public keys in Secret %s", lease.getKey().getFileName())
          .isEqualTo(lease.getValue());
    }
  }

  private void assertOutcomesLeftWhatTheySaid(Collection<AdmissionOutcome> outcomes) {
    Map<String, Set<String>> granted = new LinkedHashMap<>();
    for (AdmissionOutcome outcome : outcomes) {
      // Postgres text cannot hold NUL: no lease can exist for such a uid, and none is asked for.
      if (outcome.uid().isEmpty() || outcome.uid().indexOf('\u0000') >= 0) {
        continue;
      }
      Set<String> leases = granted.computeIfAbsent(outcome.uid(), uid -> new HashSet<>());
      if (outcome.allowed()) {
        outcome.lease().ifPresent(leases::add);
      }
    }
    Map<String, List<String>> stored = new HashMap<>();
    RowSet<Row> rows = query(LEASES_OF_UIDS, Tuple.of(granted.keySet().toArray(new String[0])));
    for (Row row : rows) {
      stored
          .computeIfAbsent(row.getString("request_uid"), uid -> new ArrayList<>())
          .add(row.getString("id") + " " + row.getString("state"));
    }
    for (Row row : query(ALL_LEASES, Tuple.tuple())) {
      assertThat(granted.getOrDefault(row.getString("request_uid"), Set.of()))
          .as(
              "lease %s of request %s was not handed out in any answer",
              row.getString("id"), row.getString("request_uid"))
          .contains(row.getString("id"));
    }
    for (Map.Entry<String, Set<String>> uid : granted.entrySet()) {
      List<String> expected = uid.getValue().stream().map(id -> id + " pending").toList();
      assertThat(stored.getOrDefault(uid.getKey(), List.of()))
          .as("leases stored for request %s (granted: %s)", uid.getKey(), uid.getValue())
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  private List<Path> secretDirectories() {
    if (!Files.isDirectory(secretsDir)) {
      return List.of();
    }
    try (Stream<Path> namespaces = Files.list(secretsDir)) {
      List<Path> secrets = new ArrayList<>();
      for (Path namespace : namespaces.filter(Files::isDirectory).toList()) {
        try (Stream<Path> inNamespace = Files.list(namespace)) {
          inNamespace
              .filter(path -> path.getFileName().toString().startsWith("valet-"))
              .forEach(secrets::add);
        }
      }
      return secrets;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> pubkeyLines(Path secret) {
    try {
      return Files.readAllLines(secret.resolve("pubkeys")).stream()
          .filter(line -> !line.isBlank())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Object> ids(RowSet<Row> rows, String column) {
    List<Object> ids = new ArrayList<>();
    rows.forEach(row -> ids.add(row.getValue(column)));
    return ids;
  }

  private RowSet<Row> query(String sql, Tuple parameters) {
    Future<RowSet<Row>> rows = db.preparedQuery(sql).execute(parameters);
    try {
      return rows.await(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the database did not answer the invariant check", e);
    }
  }

  @Override
  public void close() throws TimeoutException {
    db.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
