package dev.valet.allocator.deposit.send;

import static dev.valet.allocator.deposit.send.Blocking.await;

import dev.valet.allocator.deposit.DepositData;
import dev.valet.allocator.deposit.ExecutionAddress;
import dev.valet.allocator.deposit.chain.ChainException;
import dev.valet.allocator.deposit.chain.DepositContractAbi;
import dev.valet.allocator.deposit.chain.SignedTransaction;
import dev.valet.allocator.deposit.store.OpenDeposit;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a pending deposit: checks it, prices it within the caps, checks the account can pay, signs
 * it with the account's next nonce, records it and only then broadcasts it.
 */
final class PendingDepositSender {
  private static final Logger LOG = LoggerFactory.getLogger(PoolDepositSender.class);

  private final Pass pass;

  PendingDepositSender(Pass pass) {
    this.pass = pass;
  }

  void send(OpenDeposit deposit) {
    DepositData data;
    switch (DepositChecks.check(deposit, pass.pool())) {
      case DepositChecks.Result.Refused refused -> {
        pass.waiting(deposit, refused.reason());
        return;
      }
      case DepositChecks.Result.Ready ready -> data = ready.data();
    }

    FeePolicy.Fees fees;
    switch (pass.fees().first(pass.chain().feeMarket())) {
      case FeePolicy.Choice.OverCap over -> {
        pass.waiting(deposit, over.reason());
        return;
      }
      case FeePolicy.Choice.Offer offer -> fees = offer.fees();
    }

    ExecutionAddress funding = pass.signer().address();
    ExecutionAddress contract = pass.pool().network().depositContractAddress();
    byte[] call = DepositContractAbi.depositCall(data);
    BigInteger value = data.amount().wei();
    // The node cannot estimate a call the account cannot pay for: say so in the words that help.
    if (!affordable(deposit, funding, value, BigInteger.ZERO)) {
      return;
    }
    BigInteger gasLimit;
    try {
      BigInteger estimate = pass.chain().estimateGas(funding, contract, value, call);
      gasLimit = estimate.multiply(BigInteger.valueOf(6)).divide(BigInteger.valueOf(5));
    } catch (ChainException e) {
      pass.waiting(deposit, "the node could not estimate the deposit's gas: " + e.getMessage());
      return;
    }

    if (!affordable(deposit, funding, value, gasLimit.multiply(fees.maxFeePerGas()))) {
      return;
    }

    long nonce = nextNonce(funding);
    SignedTransaction transaction =
        pass.signer()
            .sign(pass.pool().network().chainId(), nonce, gasLimit, contract, value, call, fees);
    await(pass.changes().recordFirst(deposit, funding, transaction));
    LOG.info(
        "Deposit of key {} ({}) in pool {} recorded: transaction 0x{}, nonce {}, up to {} Gwei"
            + " per gas",
        deposit.keyId(),
        deposit.shortPubkey(),
        pass.pool().name(),
        HexFormat.of().formatHex(transaction.hash()),
        nonce,
        FeePolicy.gwei(fees.maxFeePerGas()));
    pass.seams().recorded(deposit, transaction);
    pass.broadcast(deposit, transaction);
    pass.seams().broadcast(deposit, transaction);
  }

  private boolean affordable(
      OpenDeposit deposit, ExecutionAddress funding, BigInteger value, BigInteger maxGasCost) {
    BigInteger balance = pass.chain().balance(funding);
    BigInteger committed =
        await(pass.deposits().committedWei(pass.pool().network().chainId(), funding));
    BigInteger needed = value.add(maxGasCost);
    if (balance.subtract(committed).compareTo(needed) >= 0) {
      return true;
    }
    pass.waiting(
        deposit,
        "the funding account "
            + funding
            + " holds "
            + ether(balance)
            + " ETH, "
            + ether(committed)
            + " ETH of it promised to deposits in flight; this deposit needs up to "
            + ether(needed)
            + " ETH: fund the account");
    return false;
  }

  /**
   * The account's next nonce: past the node's pending count and past every nonce Valet recorded,
   * even one whose transaction the node has not seen yet (it is rebroadcast, never reused).
   */
  private long nextNonce(ExecutionAddress funding) {
    long fromNode = pass.chain().pendingNonce(funding);
    OptionalLong recorded =
        await(pass.deposits().highestNonce(pass.pool().network().chainId(), funding));
    return recorded.isPresent() ? Math.max(fromNode, recorded.getAsLong() + 1) : fromNode;
  }

  private static String ether(BigInteger wei) {
    return new BigDecimal(wei).divide(BigDecimal.TEN.pow(18)).stripTrailingZeros().toPlainString();
  }
}
