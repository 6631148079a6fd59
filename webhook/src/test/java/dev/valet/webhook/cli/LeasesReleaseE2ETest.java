package dev.valet.webhook.cli;

import static dev.valet.allocator.testing.AllocatorFixture.await;
import static dev.valet.allocator.testing.AllocatorFixture.granted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.lease.AllocationRequest;
import dev.valet.allocator.lease.PgAllocator;
import dev.valet.allocator.lease.PgLeases;
import dev.valet.allocator.lease.PodReference;
import dev.valet.allocator.pool.KeyPool;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.testing.AllocatorFixture;
import dev.valet.allocator.testing.TestPools;
import dev.valet.webhook.ValetLabels;
import dev.valet.webhook.testing.KubeApiServer;
import dev.valet.webhook.testing.RequiresKubeApiServer;
import dev.valet.webhook.testing.TestNamespaces;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.sqlclient.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code valet leases release} in a cluster: it asks the real API server whether the lease's pod
 * may still run, refuses while it may unless forced, and deletes the Secret through the API. No
 * Valet runs here: the leases are made by the allocator and the pods created as Valet's webhook
 * would have left them, so nothing but the command acts on them.
 */
@RequiresKubeApiServer
@Timeout(120)
class LeasesReleaseE2ETest {
  private static AllocatorFixture fixture;
  private static PgAllocator allocator;
  private static PgLeases leases;
  private static Path kubeconfig;
  private static KubernetesClient client;
  private static TestNamespaces namespaces;

  private String namespace;

  @BeforeAll
  static void open() {
    kubeconfig = KubeApiServer.kubeconfig();
    client = KubeApiServer.client(kubeconfig);
    namespaces =
        new TestNamespaces(
            client, Map.of("e2e.valet.dev/run", "cli-" + TestNamespaces.uniqueSuffix()));
    fixture = AllocatorFixture.open();
    KeyPool blue = TestPools.create(fixture.db(), PoolSettings.defaults("blue"));
    TestPools.insertOldFreeKeys(fixture.db(), blue, 10);
    allocator = new PgAllocator(fixture.db(), Map.of("blue", blue), fixture.workers());
    leases = new PgLeases(fixture.db());
  }

  @AfterAll
  static void close() {
    if (namespaces != null) {
      namespaces.close();
    }
    if (fixture != null) {
      fixture.close();
    }
    if (client != null) {
      client.close();
    }
  }

  @TempDir Path configDir;
  private Path config;

  @BeforeEach
  void freshNamespace() throws Exception {
    config = configDir.resolve("valet.yaml");
    Files.writeString(
        config, "pools:\n  - name: blue\n    network: hoodi\nlifecycle:\n  pendingGrace: 1ms\n");
    namespace = namespaces.create("validators", Map.of());
  }

  @Test
  void aBoundLeaseIsRefusedWhileItsPodExistsAndReleasedOnceItIsGone() {
    UUID lease = allocate(new PodReference(namespace, "validator-0", ""));
    Pod pod = createPod(lease, "validator-0", false);
    bind(lease, pod);
    createSecret(lease);

    ValetCli.Run refused = release(lease.toString());

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err())
        .contains("Refused: pod " + namespace + "/validator-0 exists", "Nothing was released");
    assertThat(leaseRow(lease).getString("state")).isEqualTo("bound");
    assertThat(secretExists(lease)).isTrue();

    client.pods().inNamespace(namespace).withName("validator-0").withGracePeriod(0).delete();
    ValetCli.Run released = release(lease.toString(), "--actor", "alice");

    assertThat(released.exitCode()).as(released.err()).isZero();
    Row row = leaseRow(lease);
    assertThat(row.getString("state")).isEqualTo("released");
    assertThat(row.getString("released_by")).isEqualTo("operator:alice");
    assertThat(row.getString("release_reason"))
        .isEqualTo("released by hand; pod " + namespace + "/validator-0 does not exist");
    assertThat(row.getBoolean("forced")).isFalse();
    assertThat(secretExists(lease)).isFalse();
  }

  @Test
  void aPodBeingDeletedIsRefusedUntilForcedAndTheForcedReleaseIsRecordedWithTheOperator() {
    UUID lease = allocate(new PodReference(namespace, "validator-0", ""));
    Pod pod = createPod(lease, "validator-0", true);
    bind(lease, pod);
    createSecret(lease);
    client.pods().inNamespace(namespace).withName("validator-0").delete();

    ValetCli.Run refused = release(lease.toString());

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("is being deleted", "its containers may still run");
    assertThat(leaseRow(lease).getString("state")).isEqualTo("bound");

    ValetCli.Run forced =
        release(lease.toString(), "--force", "--actor", "carol", "--reason", "node lost");

    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(forced.out()).contains("released by operator:carol (forced): node lost");
    Row row = leaseRow(lease);
    assertThat(row.getString("state")).isEqualTo("released");
    assertThat(row.getBoolean("forced")).isTrue();
    assertThat(row.getString("released_by")).isEqualTo("operator:carol");
    assertThat(secretExists(lease)).isFalse();
  }

  @Test
  void aPendingLeaseIsRefusedWhileAPodUnderItsGenerateNameCarriesItsLabel() {
    UUID lease = allocate(new PodReference(namespace, "", "validator-"));
    Pod pod = createPod(lease, null, false);

    ValetCli.Run refused = release(lease.toString());

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err())
        .contains("Refused: pod " + namespace + "/" + pod.getMetadata().getName() + " exists");
    assertThat(leaseRow(lease).getString("state")).isEqualTo("pending");

    client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).delete();
    ValetCli.Run released = release(lease.toString());

    assertThat(released.exitCode()).as(released.err()).isZero();
    assertThat(leaseRow(lease).getString("release_reason")).contains("no pod in namespace");
  }

  @Test
  void aLeaseWhosePodWasReplacedUnderTheSameNameIsReleased() {
    UUID lease = allocate(new PodReference(namespace, "validator-0", ""));
    bind(lease, createPod(lease, "validator-0", false));
    client.pods().inNamespace(namespace).withName("validator-0").withGracePeriod(0).delete();
    createPod(UUID.randomUUID(), "validator-0", false);

    ValetCli.Run released = release(lease.toString());

    assertThat(released.exitCode()).as(released.err()).isZero();
    assertThat(leaseRow(lease).getString("release_reason")).contains("is another pod now");
  }

  /** The command as an operator runs it, with the pool's configuration and a short grace. */
  private ValetCli.Run release(String... arguments) {
    String[] args = new String[arguments.length + 8];
    args[0] = "leases";
    args[1] = "release";
    System.arraycopy(arguments, 0, args, 2, arguments.length);
    args[arguments.length + 2] = "--database-url";
    args[arguments.length + 3] = fixture.database().url();
    args[arguments.length + 4] = "--kubeconfig";
    args[arguments.length + 5] = kubeconfig.toString();
    args[arguments.length + 6] = "--config";
    args[arguments.length + 7] = config.toString();
    return ValetCli.run(args);
  }

  private UUID allocate(PodReference pod) {
    return granted(
            allocator.allocate(
                new AllocationRequest("blue", pod, UUID.randomUUID().toString(), 1, "valet")))
        .lease()
        .id();
  }

  /** The pod as Valet's webhook leaves it: labelled with its lease. */
  private Pod createPod(UUID lease, String name, boolean onANode) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .addToLabels(ValetLabels.LEASE, lease.toString())
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("validator")
            .withImage("validator-client:e2e")
            .endContainer()
            .endSpec();
    if (name == null) {
      pod.editMetadata().withGenerateName("validator-").endMetadata();
    } else {
      pod.editMetadata().withName(name).endMetadata();
    }
    if (onANode) {
      pod.editSpec().withNodeName("node-that-stopped-answering").endSpec();
    }
    return client.pods().inNamespace(namespace).resource(pod.build()).create();
  }

  private static void bind(UUID lease, Pod pod) {
    assertThat(
            await(
                leases.bind(
                    lease,
                    pod.getMetadata().getUid(),
                    pod.getMetadata().getName(),
                    "reconciler:test")))
        .isTrue();
  }

  private void createSecret(UUID lease) {
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("valet-" + lease)
                .addToLabels(ValetLabels.LEASE, lease.toString())
                .endMetadata()
                .addToStringData("pubkey", "0x00")
                .build())
        .create();
  }

  private boolean secretExists(UUID lease) {
    return client.secrets().inNamespace(namespace).withName("valet-" + lease).get() != null;
  }

  private static Row leaseRow(UUID lease) {
    return fixture
        .sql("SELECT state, released_by, release_reason, forced FROM leases WHERE id = $1", lease)
        .iterator()
        .next();
  }
}
