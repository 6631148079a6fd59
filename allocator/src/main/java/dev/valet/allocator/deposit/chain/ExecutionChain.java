package dev.valet.allocator.deposit.chain;

import dev.valet.allocator.deposit.ExecutionAddress;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * What the deposit sender asks of an execution node. Calls block on the network: run them on a
 * worker thread, never on an event loop. A failure to reach the node is a {@link ChainException}.
 */
public interface ExecutionChain {

  /** The node's EIP-155 chain id. */
  long chainId();

  /** Whether there is contract code at {@code address} in the latest block. */
  boolean hasCode(ExecutionAddress address);

  /** The account's balance in wei, in the latest block. */
  BigInteger balance(ExecutionAddress account);

  /** The account's next nonce counting the node's pending transactions. */
  long pendingNonce(ExecutionAddress account);

  /** How many transactions the account had sent as of {@code block}. */
  long nonceAt(ExecutionAddress account, long block);

  /** The latest block's number. */
  long headBlock();

  /** The latest block's base fee and the node's suggested priority fee, in wei per gas. */
  FeeMarket feeMarket();

  /**
   * The gas a call would use.
   *
   * @throws ChainException if the node cannot estimate it, such as when the call would revert
   */
  BigInteger estimateGas(ExecutionAddress from, ExecutionAddress to, BigInteger value, byte[] data);

  /** Hands a signed transaction to the node. */
  Broadcast broadcast(byte[] signedTransaction);

  /** The receipt of a mined transaction. */
  Optional<Receipt> receipt(byte[] transactionHash);

  /** Whether the node knows the transaction, pending or mined. */
  boolean knows(byte[] transactionHash);

  /** The deposit contract's DepositEvent logs in the blocks {@code from} to {@code to}. */
  List<DepositLog> depositLogs(ExecutionAddress contract, long from, long to);

  /**
   * The base fee of the latest block and the node's suggested priority fee.
   *
   * @param baseFeePerGas wei per gas
   * @param suggestedPriorityFeePerGas wei per gas
   */
  record FeeMarket(BigInteger baseFeePerGas, BigInteger suggestedPriorityFeePerGas) {}

  /**
   * What the node said to a signed transaction.
   *
   * @param accepted whether it took the transaction or knew it already
   * @param error the node's error otherwise, such as "nonce too low" or "insufficient funds"
   */
  record Broadcast(boolean accepted, String error) {
    public static Broadcast ok() {
      return new Broadcast(true, "");
    }
  }

  /**
   * A mined transaction.
   *
   * @param transactionHash its hash
   * @param succeeded false when it reverted
   * @param blockNumber the block it is in
   * @param blockHash that block's hash
   */
  record Receipt(byte[] transactionHash, boolean succeeded, long blockNumber, byte[] blockHash) {}
}
