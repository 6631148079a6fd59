package dev.valet.allocator.store;

import static dev.valet.allocator.testing.AllocatorFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.valet.allocator.crypto.MasterKey;
import dev.valet.allocator.crypto.MasterKeyException;
import dev.valet.allocator.testing.AllocatorFixture;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PgMasterKeyCheckTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  private AllocatorFixture fixture;

  @BeforeEach
  void open() {
    fixture = AllocatorFixture.open();
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void theFirstMasterKeyIsRecordedAndAcceptedOnEveryLaterStart() {
    MasterKey key = MasterKey.generate(RANDOM);

    await(PgMasterKeyCheck.verifyOrRecord(fixture.db(), key));
    List<List<Object>> recorded = fixture.rows("SELECT name, value FROM settings");
    await(PgMasterKeyCheck.verifyOrRecord(fixture.db(), key));

    assertThat(recorded).hasSize(1);
    assertThat(fixture.rows("SELECT name, value FROM settings")).isEqualTo(recorded);
  }

  @Test
  void anotherMasterKeyFailsSayingItIsNotTheOneTheDatabaseWasCreatedWith() {
    MasterKey original = MasterKey.generate(RANDOM);
    await(PgMasterKeyCheck.verifyOrRecord(fixture.db(), original));
    List<List<Object>> recorded = fixture.rows("SELECT name, value FROM settings");

    assertThatThrownBy(
            () -> await(PgMasterKeyCheck.verifyOrRecord(fixture.db(), MasterKey.generate(RANDOM))))
        .isInstanceOf(MasterKeyException.class)
        .hasMessageContaining("this is not the master key the database was created with");

    assertThat(fixture.rows("SELECT name, value FROM settings")).isEqualTo(recorded);
    await(PgMasterKeyCheck.verifyOrRecord(fixture.db(), original));
  }
}
