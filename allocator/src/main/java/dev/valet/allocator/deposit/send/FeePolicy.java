package dev.valet.allocator.deposit.send;

import dev.valet.allocator.deposit.chain.ExecutionChain.FeeMarket;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * EIP-1559 fees for deposit transactions, never above the pool's caps: a first offer of twice the
 * base fee plus the priority fee, and replacements that raise both fees by at least the 10% that
 * nodes require to replace a pending transaction of the same nonce.
 */
final class FeePolicy {

  private static final BigInteger ELEVEN = BigInteger.valueOf(11);

  private final BigInteger maxFeeCap;
  private final BigInteger priorityFeeCap;

  FeePolicy(BigInteger maxFeeCap, BigInteger priorityFeeCap) {
    this.maxFeeCap = maxFeeCap;
    this.priorityFeeCap = priorityFeeCap;
  }

  /** What a transaction offers per gas, in wei. */
  record Fees(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {}

  /** Fees, or why none fit under the caps. */
  sealed interface Choice {
    record Offer(Fees fees) implements Choice {}

    record OverCap(String reason) implements Choice {}
  }

  /** The fees of a first transaction in this market. */
  Choice first(FeeMarket market) {
    if (market.baseFeePerGas().compareTo(maxFeeCap) >= 0) {
      return new Choice.OverCap(
          "the base fee is "
              + gwei(market.baseFeePerGas())
              + " Gwei, not below maxFeePerGasGwei "
              + gwei(maxFeeCap)
              + "; waiting for lower fees, or raise maxFeePerGasGwei");
    }
    BigInteger priority = market.suggestedPriorityFeePerGas().min(priorityFeeCap);
    BigInteger maxFee =
        market.baseFeePerGas().multiply(BigInteger.TWO).add(priority).min(maxFeeCap);
    return new Choice.Offer(new Fees(maxFee, priority.min(maxFee)));
  }

  /**
   * The fees of a replacement for a transaction that offered {@code previous}: at least 10% more on
   * both fees (rounded up), and at least what a first offer would be now.
   */
  Choice bump(Fees previous, FeeMarket market) {
    BigInteger priority = raised(previous.maxPriorityFeePerGas());
    BigInteger maxFee = raised(previous.maxFeePerGas());
    if (first(market) instanceof Choice.Offer now) {
      priority = priority.max(now.fees().maxPriorityFeePerGas());
      maxFee = maxFee.max(now.fees().maxFeePerGas());
    }
    if (maxFee.compareTo(maxFeeCap) > 0 || priority.compareTo(priorityFeeCap) > 0) {
      return new Choice.OverCap(
          "a replacement must offer at least "
              + gwei(maxFee)
              + " Gwei per gas ("
              + gwei(priority)
              + " Gwei priority), above maxFeePerGasGwei "
              + gwei(maxFeeCap)
              + " or maxPriorityFeePerGasGwei "
              + gwei(priorityFeeCap)
              + "; raise them to replace the stuck transaction");
    }
    return new Choice.Offer(new Fees(maxFee, priority));
  }

  /** value * 1.1, rounded up, and at least one wei more. */
  private static BigInteger raised(BigInteger value) {
    BigInteger[] tenths = value.multiply(ELEVEN).divideAndRemainder(BigInteger.TEN);
    BigInteger raised = tenths[1].signum() == 0 ? tenths[0] : tenths[0].add(BigInteger.ONE);
    return raised.max(value.add(BigInteger.ONE));
  }

  static String gwei(BigInteger wei) {
    return new BigDecimal(wei)
        .divide(BigDecimal.TEN.pow(9), 9, RoundingMode.UNNECESSARY)
        .stripTrailingZeros()
        .toPlainString();
  }
}
