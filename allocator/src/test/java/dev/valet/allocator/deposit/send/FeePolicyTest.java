package dev.valet.allocator.deposit.send;

import static org.assertj.core.api.Assertions.assertThat;

import dev.valet.allocator.deposit.chain.ExecutionChain.FeeMarket;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class FeePolicyTest {
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);
  private final FeePolicy policy =
      new FeePolicy(GWEI.multiply(BigInteger.valueOf(50)), GWEI.multiply(BigInteger.TWO));

  private static BigInteger gwei(long n) {
    return GWEI.multiply(BigInteger.valueOf(n));
  }

  @Test
  void aFirstOfferIsTwiceTheBaseFeePlusThePriorityFeeWithinTheCaps() {
    var offer = (FeePolicy.Choice.Offer) policy.first(new FeeMarket(gwei(10), gwei(1)));
    assertThat(offer.fees().maxFeePerGas()).isEqualTo(gwei(21));
    assertThat(offer.fees().maxPriorityFeePerGas()).isEqualTo(gwei(1));

    var capped = (FeePolicy.Choice.Offer) policy.first(new FeeMarket(gwei(40), gwei(5)));
    assertThat(capped.fees().maxFeePerGas()).isEqualTo(gwei(50));
    assertThat(capped.fees().maxPriorityFeePerGas()).isEqualTo(gwei(2));
  }

  @Test
  void aBaseFeeAtTheCapWaits() {
    assertThat(policy.first(new FeeMarket(gwei(50), gwei(1))))
        .isInstanceOf(FeePolicy.Choice.OverCap.class);
  }

  @Test
  void aReplacementRaisesBothFeesByAtLeastATenthAndStopsAtTheCaps() {
    var previous = new FeePolicy.Fees(gwei(21), BigInteger.valueOf(1_000_000_001L));
    var bumped = (FeePolicy.Choice.Offer) policy.bump(previous, new FeeMarket(gwei(1), gwei(1)));
    assertThat(bumped.fees().maxFeePerGas()).isEqualTo(BigInteger.valueOf(23_100_000_000L));
    assertThat(bumped.fees().maxPriorityFeePerGas()).isEqualTo(BigInteger.valueOf(1_100_000_002L));

    var nearCap = new FeePolicy.Fees(gwei(48), gwei(1));
    assertThat(policy.bump(nearCap, new FeeMarket(gwei(1), gwei(1))))
        .isInstanceOf(FeePolicy.Choice.OverCap.class);
  }
}
