package dev.valet.allocator.deposit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExecutionAddressTest {

  // The test addresses of EIP-55 ("Test Cases"), each in its checksummed form.
  @ParameterizedTest
  @ValueSource(
      strings = {
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"
      })
  void checksummedTextOfEip55VectorsRoundTrips(String checksummed) {
    ExecutionAddress address = ExecutionAddress.fromHex(checksummed);

    assertThat(address.toChecksumHex()).isEqualTo(checksummed);
    assertThat(ExecutionAddress.fromHex(checksummed.toLowerCase()).toChecksumHex())
        .isEqualTo(checksummed);
  }

  @Test
  void allLowerAndAllUpperCaseCarryNoChecksumToCheck() {
    ExecutionAddress lower = ExecutionAddress.fromHex("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
    ExecutionAddress upper = ExecutionAddress.fromHex("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED");

    assertThat(lower).isEqualTo(upper);
    assertThat(lower.toLowerCaseHex()).isEqualTo("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
  }

  @Test
  void mixedCaseWithAWrongChecksumIsRefusedNamingTheSetting() {
    // The first EIP-55 vector with one letter's case flipped.
    assertThatThrownBy(
            () ->
                ExecutionAddress.fromHex(
                    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "pools.main.withdrawalAddress"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "pools.main.withdrawalAddress does not match its EIP-55 checksum (its mixed case):"
                + " check it for a typo");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "0x",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg",
        " 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
      })
  void wrongLengthOrNonHexIsRefused(String text) {
    assertThatThrownBy(() -> ExecutionAddress.fromHex(text, "pools.main.withdrawalAddress"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "pools.main.withdrawalAddress must be 20 bytes of hex such as"
                + " 0x4242424242424242424242424242424242424242");
  }

  @Test
  void missingAddressIsRefused() {
    assertThatThrownBy(() -> ExecutionAddress.fromHex(null, "pools.main.withdrawalAddress"))
        .hasMessageEndingWith(", but it is missing");
  }
}
