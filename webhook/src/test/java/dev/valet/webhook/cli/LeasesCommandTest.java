package dev.valet.webhook.cli;

import static dev.valet.allocator.testing.AllocatorFixture.await;
import static dev.valet.allocator.testing.AllocatorFixture.granted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.lease.AllocationRequest;
import dev.valet.allocator.lease.PgAllocator;
import dev.valet.allocator.lease.PgLeaseReleaser;
import dev.valet.allocator.lease.PgLeases;
import dev.valet.allocator.lease.PodReference;
import dev.valet.allocator.pool.KeyPool;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.testing.AllocatorFixture;
import dev.valet.allocator.testing.TestPools;
import io.vertx.sqlclient.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code valet leases list} and {@code valet leases release} in local mode, on real Postgres: no
 * cluster, so a release looks at no pod.
 */
class LeasesCommandTest {
  private static AllocatorFixture fixture;
  private static PgAllocator allocator;
  private static PgLeases leases;
  private static PgLeaseReleaser releaser;

  @TempDir Path dataDir;

  @BeforeAll
  static void open() {
    fixture = AllocatorFixture.open();
    KeyPool blue = TestPools.create(fixture.db(), PoolSettings.defaults("blue"));
    KeyPool green = TestPools.create(fixture.db(), PoolSettings.defaults("green"));
    TestPools.insertOldFreeKeys(fixture.db(), blue, 20);
    TestPools.insertOldFreeKeys(fixture.db(), green, 20);
    allocator =
        new PgAllocator(fixture.db(), Map.of("blue", blue, "green", green), fixture.workers());
    leases = new PgLeases(fixture.db());
    releaser = new PgLeaseReleaser(fixture.db(), Map.of("blue", blue, "green", green));
  }

  @AfterAll
  static void close() {
    fixture.close();
  }

  private String namespace;

  @BeforeEach
  void freshNamespace() {
    namespace = "validators-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void listShowsEachLeaseWithItsPoolPodStateKeysAndHowItEnded() {
    UUID pending = allocate("blue", "validator-0", 1);
    UUID bound = allocate("blue", "validator-1", 2);
    await(leases.bind(bound, "uid-1", "validator-1", "reconciler:test"));
    UUID released = allocate("green", "validator-2", 1);
    await(releaser.release(released, "pod validators/validator-2 is gone", "reconciler:x", false));

    ValetCli.Run run = cli("leases", "list", "--namespace", namespace);

    assertThat(run.exitCode()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.getFirst())
        .startsWith("ID")
        .contains("POOL", "NAMESPACE", "POD", "STATE", "KEYS", "CREATED", "RELEASED");
    assertThat(lines).hasSize(4);
    assertThat(lineOf(lines, pending))
        .contains("blue", namespace, "validator-0", "pending")
        .endsWith("-");
    assertThat(lineOf(lines, bound)).contains("blue", "validator-1", "bound", " 2 ");
    assertThat(lineOf(lines, released))
        .contains(
            "green", "validator-2", "released", "by reconciler:x: pod validators/validator-2");
  }

  @Test
  void listFiltersByPoolAndState() {
    UUID blue = allocate("blue", "validator-0", 1);
    UUID green = allocate("green", "validator-1", 1);
    UUID bound = allocate("green", "validator-2", 1);
    await(leases.bind(bound, "uid-2", "validator-2", "reconciler:test"));

    ValetCli.Run greenPending =
        cli("leases", "list", "--namespace", namespace, "--pool", "green", "--state", "pending");

    assertThat(greenPending.out()).contains(green.toString()).doesNotContain(blue.toString());
    assertThat(greenPending.out()).doesNotContain(bound.toString());
    assertThat(cli("leases", "list", "--namespace", "nobody-" + namespace).out())
        .isEqualTo("No lease matches." + System.lineSeparator());
  }

  @Test
  void anUnknownStateIsRefusedWithTheStatesThereAre() {
    ValetCli.Run run = cli("leases", "list", "--state", "gone");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--state must be pending, bound or released, not 'gone'");
    assertNoStackTrace(run);
  }

  @Test
  void aLocalReleaseLooksAtNoPodQuarantinesTheKeysDeletesTheSecretFilesAndNamesTheOperator()
      throws Exception {
    UUID lease = allocate("blue", "validator-0", 1);
    await(leases.bind(lease, "uid-0", "validator-0", "reconciler:test"));
    Path secret = dataDir.resolve("secrets").resolve(namespace).resolve("valet-" + lease);
    Files.createDirectories(secret);
    Files.writeString(secret.resolve("pubkey"), "0x00");

    ValetCli.Run run =
        cli("leases", "release", lease.toString(), "--actor", "alice", "--reason", "node drained");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Lease " + lease + " released by operator:alice: node drained");
    Row row = leaseRow(lease);
    assertThat(row.getString("state")).isEqualTo("released");
    assertThat(row.getString("released_by")).isEqualTo("operator:alice");
    assertThat(row.getString("release_reason")).isEqualTo("node drained");
    assertThat(row.getBoolean("forced")).isFalse();
    assertThat(
            fixture.count(
                "SELECT count(*) FROM keys k JOIN lease_keys lk ON lk.key_id = k.id"
                    + " WHERE lk.lease_id = $1 AND k.state = 'free' AND k.free_after > now()",
                lease))
        .as("keys of the lease in quarantine")
        .isEqualTo(1);
    assertThat(secret).doesNotExist();
  }

  @Test
  void aForcedReleaseIsRecordedAsForced() {
    UUID lease = allocate("blue", "validator-0", 1);

    ValetCli.Run run = cli("leases", "release", lease.toString(), "--force", "--actor", "bob");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("released by operator:bob (forced)");
    Row row = leaseRow(lease);
    assertThat(row.getBoolean("forced")).isTrue();
    assertThat(row.getString("released_by")).isEqualTo("operator:bob");
    assertThat(
            fixture.count(
                "SELECT count(*) FROM events WHERE lease_id = $1 AND kind = 'lease.released'"
                    + " AND actor = 'operator:bob' AND (detail->>'forced')::boolean",
                lease))
        .isEqualTo(1);
  }

  @Test
  void outsideLocalModeAReleaseIsRefusedWhenTheConfigurationDoesNotDefineThePoolsQuarantine() {
    UUID lease = allocate("blue", "validator-0", 1);

    ValetCli.Run run =
        ValetCli.run(
            "leases", "release", lease.toString(), "--force", "--database-url", databaseUrl());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("Pool 'blue'", "quarantine its keys need is unknown", "Nothing was released")
        .contains("--config");
    assertThat(leaseRow(lease).getString("state")).isEqualTo("pending");
    assertNoStackTrace(run);
  }

  @Test
  void outsideLocalModeAPendingLeaseYoungerThanThePendingGraceIsRefused() throws Exception {
    UUID lease = allocate("blue", "validator-0", 1);
    Path config = dataDir.resolve("valet.yaml");
    Files.writeString(
        config, "pools:\n  - name: blue\n    network: hoodi\nlifecycle:\n  pendingGrace: 10m\n");

    ValetCli.Run run =
        ValetCli.run(
            "leases",
            "release",
            lease.toString(),
            "--config",
            config.toString(),
            "--database-url",
            databaseUrl());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("is pending and younger than lifecycle.pendingGrace (600 s)")
        .contains("Nothing was released", "--force");
    assertThat(leaseRow(lease).getString("state")).isEqualTo("pending");
    assertNoStackTrace(run);
  }

  @Test
  void releasingALeaseTwiceSaysWhenAndByWhomItWasReleased() {
    UUID lease = allocate("blue", "validator-0", 1);
    await(releaser.release(lease, "pod validators/validator-0 is gone", "reconciler:x", false));

    ValetCli.Run run = cli("leases", "release", lease.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("was released already", "by reconciler:x", "pod validators/validator-0 is gone");
    assertNoStackTrace(run);
  }

  @Test
  void releasingALeaseThatDoesNotExistSaysSo() {
    UUID unknown = UUID.randomUUID();

    ValetCli.Run run = cli("leases", "release", unknown.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("There is no lease " + unknown);
    assertNoStackTrace(run);
  }

  @Test
  void aMalformedLeaseIdIsRefusedWithWhatALeaseIdIs() {
    ValetCli.Run run = cli("leases", "release", "valet-1234");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'valet-1234' is not a lease id: a lease id is a UUID");
    assertNoStackTrace(run);
  }

  @Test
  void aDatabaseWithoutValetsTablesIsNamedRatherThanQueried() {
    ValetCli.Run run =
        ValetCli.run(
            "leases",
            "list",
            "--local",
            "--data-dir",
            dataDir.toString(),
            "--database-url",
            fixture.database().url().replaceAll("/[^/]+$", "/postgres"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("holds no leases", "name the database that valet serve uses");
    assertNoStackTrace(run);
  }

  @Test
  void outsideLocalModeADatabaseIsRequired() {
    ValetCli.Run run = ValetCli.run("leases", "list");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("database.url is required");
    assertNoStackTrace(run);
  }

  private static String databaseUrl() {
    return fixture.database().url();
  }

  private ValetCli.Run cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--local",
            "--data-dir",
            dataDir.toString(),
            "--database-url",
            fixture.database().url()));
    return ValetCli.run(all.toArray(String[]::new));
  }

  private UUID allocate(String pool, String pod, int keys) {
    AllocationRequest request =
        new AllocationRequest(
            pool,
            new PodReference(namespace, pod, ""),
            UUID.randomUUID().toString(),
            keys,
            "valet");
    return granted(allocator.allocate(request)).lease().id();
  }

  private static Row leaseRow(UUID lease) {
    return fixture
        .sql("SELECT state, released_by, release_reason, forced FROM leases WHERE id = $1", lease)
        .iterator()
        .next();
  }

  private static String lineOf(List<String> lines, UUID lease) {
    return lines.stream()
        .filter(line -> line.startsWith(lease.toString()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line for lease " + lease + " in " + lines));
  }

  private static void assertNoStackTrace(ValetCli.Run run) {
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }
}
