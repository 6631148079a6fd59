package dev.valet.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.lease.Allocation;
import dev.valet.allocator.lease.AllocationRequest;
import dev.valet.allocator.lease.Allocator;
import dev.valet.allocator.lease.Lease;
import dev.valet.allocator.lease.LeaseIds;
import dev.valet.allocator.lease.LeaseState;
import dev.valet.allocator.lease.LeasedKey;
import dev.valet.allocator.pool.KeyMinter;
import dev.valet.allocator.pool.KeyPool;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.webhook.inject.LeaseSecret;
import dev.valet.webhook.inject.SecretWriter;
import dev.valet.webhook.namespace.StaticNamespacePools;
import dev.valet.webhook.testing.AdmissionClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What admission gives back when the Secret cannot be written, and what it leaves alone. */
class PodAdmissionUndoTest {
  private final Vertx vertx = Vertx.vertx();
  private final RecordingSecrets secrets = new RecordingSecrets();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aRolledBackLeaseLosesItsSecretAndThePodIsDenied() throws Exception {
    FixedAllocator allocator = new FixedAllocator(true);

    AdmissionDecision decision = admit(allocator);

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.message()).contains("could not write Secret");
    assertThat(allocator.rolledBack).hasSize(1);
    assertThat(secrets.deleted).containsExactly("validators/" + allocator.lease.secretName());
  }

  @Test
  void aLeaseThatARetryAlsoHoldsKeepsItsSecretWhenTheRollBackIsRefused() throws Exception {
    FixedAllocator allocator = new FixedAllocator(false);

    AdmissionDecision decision = admit(allocator);

    assertThat(decision.allowed()).isFalse();
    assertThat(allocator.rolledBack).hasSize(1);
    assertThat(secrets.deleted).isEmpty();
  }

  private AdmissionDecision admit(Allocator allocator) throws Exception {
    KeyPool pool =
        new KeyPool(
            PoolSettings.defaults("devnet"),
            "pool-password",
            Future.<KeyMinter>failedFuture("unused"));
    PodAdmission admission =
        new PodAdmission(
            vertx,
            new StaticNamespacePools(Map.of("validators", "devnet")),
            Map.of("devnet", pool),
            allocator,
            secrets,
            Set.of("kube-system"),
            Duration.ofSeconds(5));
    AdmissionRequest request =
        AdmissionRequest.parse(
            Buffer.buffer(
                AdmissionClient.podCreate("validators", AdmissionClient.validatorPod("v"))
                    .encode()));
    return admission.admit(request).await(10, TimeUnit.SECONDS);
  }

  /** Grants one fixed lease; its roll-back answers as told. */
  private static final class FixedAllocator implements Allocator {
    final List<UUID> rolledBack = new ArrayList<>();
    final boolean rollBackSucceeds;
    Lease lease;

    FixedAllocator(boolean rollBackSucceeds) {
      this.rollBackSucceeds = rollBackSucceeds;
    }

    @Override
    public Future<Allocation> allocate(AllocationRequest request) {
      lease =
          new Lease(
              LeaseIds.forRequest(request.requestUid()),
              request.requestUid(),
              request.pool(),
              request.pod(),
              LeaseState.PENDING,
              request.layout(),
              OffsetDateTime.now(),
              List.of(new LeasedKey(1, "0x" + "ab".repeat(48), "{}", "", 0)));
      return Future.succeededFuture(new Allocation.Granted(lease, false, 1, 0));
    }

    @Override
    public Future<Boolean> rollBack(UUID leaseId, String reason) {
      rolledBack.add(leaseId);
      return Future.succeededFuture(rollBackSucceeds);
    }
  }

  /** Fails every write; records deletes. */
  private static final class RecordingSecrets implements SecretWriter {
    final List<String> deleted = new ArrayList<>();

    @Override
    public Future<Void> write(LeaseSecret secret) {
      return Future.failedFuture(new IllegalStateException("the API refused the Secret"));
    }

    @Override
    public Future<Void> delete(String namespace, String name) {
      deleted.add(namespace + "/" + name);
      return Future.succeededFuture();
    }
  }
}
