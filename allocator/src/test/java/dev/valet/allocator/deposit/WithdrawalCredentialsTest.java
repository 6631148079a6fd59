package dev.valet.allocator.deposit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WithdrawalCredentialsTest {

  private static final String ADDRESS = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

  @Test
  void executionAddressCredentialsArePrefixElevenZerosAndTheAddress() {
    WithdrawalCredentials credentials = WithdrawalCredentials.executionAddress(ADDRESS);

    assertThat(credentials.toUnprefixedHex())
        .isEqualTo("01" + "00".repeat(11) + "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
    assertThat(credentials.type()).isEqualTo(WithdrawalCredentials.Type.EXECUTION_ADDRESS);
    assertThat(credentials.executionAddress()).contains(ExecutionAddress.fromHex(ADDRESS));
  }

  @Test
  void compoundingCredentialsUseThePrefix02() {
    WithdrawalCredentials credentials = WithdrawalCredentials.compounding(ADDRESS);

    assertThat(credentials.toHex())
        .isEqualTo("0x02" + "00".repeat(11) + "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
    assertThat(credentials.type()).isEqualTo(WithdrawalCredentials.Type.COMPOUNDING);
  }

  @Test
  void bytesRoundTripForEachKnownPrefix() {
    WithdrawalCredentials execution = WithdrawalCredentials.executionAddress(ADDRESS);
    WithdrawalCredentials bls =
        WithdrawalCredentials.fromHex(
            "0007a213a9a50ddf7e00e53267af1c131ed82fec947f1c9656b54f9a20f7a87f", "credentials");

    assertThat(WithdrawalCredentials.fromBytes(execution.toBytes())).isEqualTo(execution);
    assertThat(bls.type()).isEqualTo(WithdrawalCredentials.Type.BLS);
    assertThat(bls.executionAddress()).isEmpty();
  }

  @Test
  void addressWithABadChecksumIsRefused() {
    assertThatThrownBy(
            () ->
                WithdrawalCredentials.executionAddress(
                    "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the withdrawal address does not match its EIP-55 checksum (its mixed case): check it"
                + " for a typo");
  }

  @Test
  void addressThatIsNotHexIsRefused() {
    assertThatThrownBy(() -> WithdrawalCredentials.compounding("0xnot-an-address"))
        .hasMessage(
            "the withdrawal address must be 20 bytes of hex such as"
                + " 0x4242424242424242424242424242424242424242");
  }

  @Test
  void unknownPrefixIsRefused() {
    assertThatThrownBy(
            () -> WithdrawalCredentials.fromHex("03" + "00".repeat(31), "withdrawal_credentials"))
        .hasMessage("withdrawal_credentials start with 0x00, 0x01 or 0x02, not 0x03");
  }

  @Test
  void executionCredentialsWithNonZeroPaddingAreRefused() {
    String padded = "01" + "00".repeat(10) + "01" + "42".repeat(20);

    assertThatThrownBy(() -> WithdrawalCredentials.fromHex(padded, "withdrawal_credentials"))
        .hasMessage(
            "withdrawal_credentials of type 0x01 must have 11 zero bytes between the prefix and"
                + " the address");
  }

  @Test
  void wrongLengthIsRefused() {
    assertThatThrownBy(() -> WithdrawalCredentials.fromBytes(new byte[31]))
        .hasMessage("withdrawal credentials are 32 bytes, not 31");
    assertThatThrownBy(() -> WithdrawalCredentials.fromHex("01", "withdrawal_credentials"))
        .hasMessageStartingWith("withdrawal_credentials must be 32 bytes of hex such as 0x01");
  }
}
