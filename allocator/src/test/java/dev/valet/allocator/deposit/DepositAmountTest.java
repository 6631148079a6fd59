package dev.valet.allocator.deposit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class DepositAmountTest {

  private static final WithdrawalCredentials EXECUTION =
      WithdrawalCredentials.executionAddress("0x4242424242424242424242424242424242424242");
  private static final WithdrawalCredentials COMPOUNDING =
      WithdrawalCredentials.compounding("0x4242424242424242424242424242424242424242");

  @Test
  void defaultIs32Ether() {
    assertThat(DepositAmount.DEFAULT.gwei()).isEqualTo(32_000_000_000L);
    assertThat(DepositAmount.DEFAULT.wei()).isEqualTo(new BigInteger("32000000000000000000"));
  }

  @Test
  void serializesLittleEndianAsTheDepositEventDoes() {
    // 32 ETH in a DepositEvent's amount field: 0x0040597307000000.
    assertThat(HexText.unprefixed(DepositAmount.DEFAULT.toLittleEndian()))
        .isEqualTo("0040597307000000");
  }

  @Test
  void lessThanOneEtherIsRefused() {
    assertThatThrownBy(() -> DepositAmount.ofGwei(999_999_999L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a deposit amount must be at least 1 ETH (1000000000 Gwei), was 999999999 Gwei");
  }

  @Test
  void moreThan2048EtherIsRefused() {
    assertThatThrownBy(() -> DepositAmount.ofGwei(2048_000_000_001L))
        .hasMessage(
            "a deposit amount must be at most 2048 ETH (2048000000000 Gwei), was 2048000000001"
                + " Gwei");
  }

  @Test
  void weiThatIsNotAWholeGweiIsRefused() {
    BigInteger wei = new BigInteger("32000000000000000001");

    assertThatThrownBy(() -> DepositAmount.ofWei(wei))
        .hasMessage(
            "a deposit amount must be a whole number of Gwei; 32000000000000000001 wei is not");
  }

  @Test
  void wholeGweiInWeiIsAccepted() {
    assertThat(DepositAmount.ofWei(new BigInteger("1000000000000000000")).gwei())
        .isEqualTo(1_000_000_000L);
  }

  @Test
  void hugeWeiIsRefusedWithoutOverflow() {
    assertThatThrownBy(
            () -> DepositAmount.ofWei(BigInteger.TWO.pow(100).multiply(BigInteger.TEN.pow(9))))
        .hasMessageStartingWith("a deposit amount must be at most 2048 ETH");
  }

  @Test
  void executionAddressCredentialsAcceptAtMost32Ether() {
    DepositAmount thirtyThree = DepositAmount.ofGwei(33_000_000_000L);

    assertThat(DepositAmount.DEFAULT.requireAllowedFor(EXECUTION)).isEqualTo(DepositAmount.DEFAULT);
    assertThatThrownBy(() -> thirtyThree.requireAllowedFor(EXECUTION))
        .hasMessage(
            "a deposit amount of 33000000000 Gwei is above 32 ETH (32000000000 Gwei), the most for"
                + " 0x01 withdrawal credentials; only 0x02 (compounding) credentials accept up to"
                + " 2048 ETH");
  }

  @Test
  void compoundingCredentialsAcceptUpTo2048Ether() {
    DepositAmount most = DepositAmount.ofGwei(DepositAmount.MAX_COMPOUNDING_GWEI);

    assertThat(most.requireAllowedFor(COMPOUNDING)).isEqualTo(most);
  }
}
