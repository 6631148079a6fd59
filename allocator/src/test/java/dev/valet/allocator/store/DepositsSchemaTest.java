package dev.valet.allocator.store;

import static dev.valet.allocator.testing.AllocatorFixture.granted;
import static dev.valet.allocator.testing.AllocatorFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.valet.allocator.lease.PgAllocator;
import dev.valet.allocator.pool.DepositMode;
import dev.valet.allocator.pool.KeyPool;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.testing.AllocatorFixture;
import dev.valet.allocator.testing.TestPools;
import dev.valet.allocator.testing.chain.DepositPools;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Invariant 4 in the schema: one deposit per key, and all its transactions on one nonce. */
class DepositsSchemaTest {
  private AllocatorFixture fixture;
  private PgAllocator allocator;

  @BeforeEach
  void open() {
    fixture = AllocatorFixture.open();
    PoolSettings auto =
        PoolSettings.defaults("auto")
            .withDeposits(
                DepositPools.auto(URI.create("http://127.0.0.1:1"), 1, Duration.ofMinutes(3)));
    KeyPool autoPool = TestPools.create(fixture.db(), auto);
    KeyPool offPool = TestPools.create(fixture.db(), PoolSettings.defaults("off"));
    allocator =
        new PgAllocator(fixture.db(), Map.of("auto", autoPool, "off", offPool), fixture.workers());
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private long newKey(String pool) {
    return granted(allocator.allocate(request(pool, java.util.UUID.randomUUID().toString(), 1)))
        .lease()
        .keys()
        .getFirst()
        .id();
  }

  @Test
  void aNewKeyOfAnAutoPoolWaitsWithItsSignedDepositAndAnOffPoolsKeyIsSkipped() {
    long auto = newKey("auto");
    long off = newKey("off");

    assertThat(
            fixture.rows(
                "SELECT state, mode, length(signature), length(deposit_data_root) FROM deposits"
                    + " WHERE key_id = $1",
                auto))
        .containsExactly(java.util.List.of("pending", DepositMode.AUTO.label(), 96, 32));
    assertThat(fixture.rows("SELECT state, note FROM deposits WHERE key_id = $1", off))
        .containsExactly(java.util.List.of("skipped", "deposits are off for pool off"));
    assertThat(
            fixture.count(
                "SELECT count(*) FROM events WHERE key_id = ANY($1) AND kind IN ('deposit.pending',"
                    + " 'deposit.skipped')",
                (Object) new Long[] {auto, off}))
        .isEqualTo(2);
    assertThat(
            fixture.rows(
                "SELECT deposit_state FROM key_deposit_states WHERE key_id = ANY($1)"
                    + " ORDER BY key_id",
                (Object) new Long[] {auto, off}))
        .containsExactly(java.util.List.of("pending"), java.util.List.of("skipped"));
  }

  @Test
  void aKeyCannotHaveASecondDeposit() {
    long key = newKey("auto");

    assertThatThrownBy(
            () ->
                fixture.sql(
                    "INSERT INTO deposits (key_id, pool, mode, state, network, chain_id,"
                        + " deposit_contract, fork_version) SELECT key_id, pool, mode, 'skipped',"
                        + " network, chain_id, deposit_contract, fork_version FROM deposits"
                        + " WHERE key_id = $1",
                    key))
        .hasMessageContaining("deposits_pkey");
  }

  @Test
  void aDepositsTransactionsShareItsNonceAndTwoDepositsNeverShareOne() {
    long first = newKey("auto");
    long second = newKey("auto");
    Buffer account = Buffer.buffer(new byte[20]);
    fixture.sql(
        "UPDATE deposits SET state = 'sent', funding_address = $2, tx_nonce = 7 WHERE key_id = $1",
        first,
        account);

    assertThatThrownBy(
            () ->
                fixture.sql(
                    "UPDATE deposits SET state = 'sent', funding_address = $2, tx_nonce = 7"
                        + " WHERE key_id = $1",
                    second,
                    account))
        .hasMessageContaining("unique");
    assertThatThrownBy(
            () ->
                fixture.sql(
                    "INSERT INTO deposit_transactions (tx_hash, key_id, nonce, attempt,"
                        + " max_fee_per_gas, max_priority_fee_per_gas, gas_limit, raw)"
                        + " VALUES ($1, $2, 8, 0, 1, 1, 1, $3)",
                    Buffer.buffer(new byte[32]),
                    first,
                    Buffer.buffer(new byte[] {1})))
        .hasMessageContaining("foreign key");
  }
}
