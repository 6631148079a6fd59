package dev.valet.allocator.deposit.send;

import dev.valet.allocator.deposit.chain.SignedTransaction;
import dev.valet.allocator.deposit.store.OpenDeposit;

/**
 * Points between the sender's steps where tests stop it as a crash would: after a transaction is
 * recorded and before it is broadcast, and after the broadcast before any receipt is read. In
 * production nothing happens there.
 */
public interface SenderSeams {
  SenderSeams NONE = new SenderSeams() {};

  /** The signed transaction is in Postgres; the node has not seen it yet. */
  default void recorded(OpenDeposit deposit, SignedTransaction transaction) {}

  /** The node has the transaction; no receipt was read yet. */
  default void broadcast(OpenDeposit deposit, SignedTransaction transaction) {}
}
