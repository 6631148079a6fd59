package dev.valet.allocator.deposit.send;

import static dev.valet.allocator.deposit.send.Blocking.await;

import dev.valet.allocator.deposit.chain.ExecutionChain;
import dev.valet.allocator.deposit.chain.SignedTransaction;
import dev.valet.allocator.deposit.store.OpenDeposit;
import dev.valet.allocator.deposit.store.PgDepositChanges;
import dev.valet.allocator.deposit.store.PgDeposits;
import dev.valet.allocator.pool.PoolSettings;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What one pass of the sender works with, and the steps its parts share. */
record Pass(
    PoolSettings pool,
    ExecutionChain chain,
    TransactionSigner signer,
    PgDeposits deposits,
    PgDepositChanges changes,
    SenderSeams seams,
    BooleanSupplier leading,
    Clock clock) {

  private static final Logger LOG = LoggerFactory.getLogger(PoolDepositSender.class);

  FeePolicy fees() {
    return new FeePolicy(
        pool.deposits().maxFeePerGasWei(), pool.deposits().maxPriorityFeePerGasWei());
  }

  /** Records why a deposit waits; logs it when the reason is new. */
  void waiting(OpenDeposit deposit, String reason) {
    if (await(changes.waiting(deposit, reason))) {
      LOG.warn(
          "Deposit of key {} ({}) in pool {} waits: {}",
          deposit.keyId(),
          deposit.shortPubkey(),
          pool.name(),
          reason);
    }
  }

  /**
   * Hands a recorded transaction to the node, unless this replica stopped leading: then the next
   * leader broadcasts the same recorded bytes.
   */
  void broadcast(OpenDeposit deposit, SignedTransaction transaction) {
    broadcast(deposit, transaction.hash(), transaction.raw());
  }

  void broadcast(OpenDeposit deposit, byte[] hash, byte[] raw) {
    if (!leading.getAsBoolean()) {
      return;
    }
    ExecutionChain.Broadcast result = chain.broadcast(raw);
    if (result.accepted()) {
      await(changes.broadcast(deposit, hash));
    } else {
      waiting(deposit, "the execution node refused the deposit transaction: " + result.error());
    }
  }
}
