package dev.valet.allocator.deposit.send;

import static dev.valet.allocator.testing.AllocatorFixture.granted;
import static dev.valet.allocator.testing.AllocatorFixture.request;

import dev.valet.allocator.deposit.chain.Web3jExecutionChain;
import dev.valet.allocator.lease.PgAllocator;
import dev.valet.allocator.pool.KeyPool;
import dev.valet.allocator.pool.PoolSettings;
import dev.valet.allocator.testing.AllocatorFixture;
import dev.valet.allocator.testing.TestPools;
import dev.valet.allocator.testing.chain.DevChain;
import dev.valet.allocator.testing.chain.TestDepositContract;
import io.vertx.sqlclient.Row;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.web3j.crypto.Credentials;

/** A database, a dev chain with the deposit contract, a pool in auto mode and its funding. */
final class SenderHarness implements AutoCloseable {
  final AllocatorFixture fixture;
  final DevChain chain;
  final TestDepositContract contract;
  final PoolSettings pool;
  final Credentials funding;
  final MovableClock clock = new MovableClock();
  private final PgAllocator allocator;
  private final Web3jExecutionChain node;

  SenderHarness(DevChain chain, TestDepositContract contract, PoolSettings pool) {
    this.fixture = AllocatorFixture.open();
    this.chain = chain;
    this.contract = contract;
    this.pool = pool;
    KeyPool keys = TestPools.create(fixture.db(), pool);
    this.allocator = new PgAllocator(fixture.db(), Map.of(pool.name(), keys), fixture.workers());
    this.funding = TestDepositContract.fundedAccount(chain, BigInteger.TEN.pow(21));
    this.node = Web3jExecutionChain.connect(chain.url());
  }

  /** A new key, created by an allocation: its id. */
  long newKey() {
    return granted(allocator.allocate(request(pool.name(), UUID.randomUUID().toString(), 1)))
        .lease()
        .keys()
        .getFirst()
        .id();
  }

  PoolDepositSender sender(SenderSeams seams) {
    return sender(seams, () -> true);
  }

  PoolDepositSender sender(SenderSeams seams, java.util.function.BooleanSupplier leading) {
    return new PoolDepositSender(pool, node, funding, fixture.db(), clock, seams, leading);
  }

  PoolDepositSender sender() {
    return sender(SenderSeams.NONE);
  }

  Row deposit(long keyId) {
    return fixture.sql("SELECT * FROM deposits WHERE key_id = $1", keyId).iterator().next();
  }

  String state(long keyId) {
    return deposit(keyId).getString("state");
  }

  byte[] pubkey(long keyId) {
    return fixture
        .sql("SELECT pubkey FROM keys WHERE id = $1", keyId)
        .iterator()
        .next()
        .getBuffer("pubkey")
        .getBytes();
  }

  long transactions(long keyId) {
    return fixture.count("SELECT count(*) FROM deposit_transactions WHERE key_id = $1", keyId);
  }

  long events(long keyId, String kind) {
    return fixture.count(
        "SELECT count(*) FROM events WHERE key_id = $1 AND kind = $2", keyId, kind);
  }

  @Override
  public void close() {
    node.close();
    fixture.close();
  }

  /** A clock the test moves forward, to pass replaceAfter without waiting for it. */
  static final class MovableClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    void advance(Duration by) {
      offset = offset.plus(by);
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
