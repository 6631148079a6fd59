package dev.valet.allocator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.valet.allocator.testing.AllocatorFixture;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Invariant 1, enforced by the schema whatever the code does: one unreleased lease per key. */
class LeaseKeysIndexTest {
  private AllocatorFixture fixture;
  private long keyId;

  @BeforeEach
  void open() {
    fixture = AllocatorFixture.open();
    fixture.sql(
        "INSERT INTO pools (name, password_ciphertext, kdf) VALUES ('blue', '\\x00', '{}')");
    keyId =
        fixture
            .sql(
                "INSERT INTO keys (pool, pubkey, origin, keystore) VALUES ('blue', $1, 'random',"
                    + " '{}') RETURNING id",
                Buffer.buffer(new byte[48]))
            .iterator()
            .next()
            .getLong(0);
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void aSecondUnreleasedLeaseOnOneKeyIsAUniqueViolation() {
    UUID first = lease("uid-1");
    UUID second = lease("uid-2");
    linkKey(first, false);

    assertThatThrownBy(() -> linkKey(second, false))
        .isInstanceOfSatisfying(
            PgException.class,
            e -> {
              assertThat(e.getSqlState()).isEqualTo("23505");
              assertThat(e.getMessage()).contains("lease_keys_one_unreleased_lease_per_key");
            });
    assertThat(fixture.count("SELECT count(*) FROM lease_keys")).isEqualTo(1);
  }

  @Test
  void aKeyWhoseEarlierLeasesWereReleasedTakesANewOne() {
    UUID first = lease("uid-1");
    UUID second = lease("uid-2");
    UUID third = lease("uid-3");
    linkKey(first, true);
    linkKey(second, true);

    linkKey(third, false);

    assertThat(fixture.count("SELECT count(*) FROM lease_keys WHERE key_id = $1", keyId))
        .isEqualTo(3);
  }

  @Test
  void markingAReleasedLeaseKeyUnreleasedWhileAnotherHoldsTheKeyFails() {
    UUID first = lease("uid-1");
    UUID second = lease("uid-2");
    linkKey(first, true);
    linkKey(second, false);

    assertThatThrownBy(
            () -> fixture.sql("UPDATE lease_keys SET released = false WHERE lease_id = $1", first))
        .isInstanceOfSatisfying(
            PgException.class, e -> assertThat(e.getSqlState()).isEqualTo("23505"));
  }

  private UUID lease(String requestUid) {
    UUID id = UUID.randomUUID();
    fixture.sql(
        "INSERT INTO leases (id, request_uid, pool, namespace, state, key_count, layout)"
            + " VALUES ($1, $2, 'blue', 'validators', 'pending', 1, 'neutral')",
        id,
        requestUid);
    return id;
  }

  private void linkKey(UUID leaseId, boolean released) {
    fixture.sql(
        "INSERT INTO lease_keys (lease_id, key_id, position, released) VALUES ($1, $2, 0, $3)",
        leaseId,
        keyId,
        released);
  }
}
