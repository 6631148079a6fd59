package dev.valet.allocator.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BlsSecretKeyTest {

  private static final HexFormat HEX = HexFormat.of();

  // consensus-spec-tests bls/sign: the first of the spec's test private keys and its public key.
  private static final String SPEC_SECRET =
      "263dbd792f5b1be47ed85f8938c0f29586af0d3ac7b977f21c278fe1462040e3";
  private static final String SPEC_PUBLIC_KEY =
      "0xa491d1b0ecd9bb917989f0e74f0dea0422eac4a873e5e2644f368dffb9a6e20f"
          + "d6e10c1b77654d067c0618f6e5a7f79a";

  private static final String CURVE_ORDER =
      "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001";

  @Test
  void publicKeyOfSpecSecretIsThePublishedOne() {
    BlsSecretKey key = BlsSecretKey.fromBytes(HEX.parseHex(SPEC_SECRET));

    assertThat(key.publicKey().toHex()).isEqualTo(SPEC_PUBLIC_KEY);
  }

  @Test
  void toBytesReturnsTheKeyAsACopy() {
    BlsSecretKey key = BlsSecretKey.fromBytes(HEX.parseHex(SPEC_SECRET));

    byte[] first = key.toBytes();
    first[0] = 0;

    assertThat(HEX.formatHex(key.toBytes())).isEqualTo(SPEC_SECRET);
  }

  @Test
  void fromBytesRejectsWrongLength() {
    assertThatThrownBy(() -> BlsSecretKey.fromBytes(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a BLS secret key is 32 bytes, not 31 bytes");
  }

  @Test
  void fromBytesRejectsZero() {
    assertThatThrownBy(() -> BlsSecretKey.fromBytes(new byte[32]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a BLS secret key must not be zero");
  }

  @Test
  void fromBytesRejectsCurveOrderAndAboveWithoutEchoingTheBytes() {
    assertThatThrownBy(() -> BlsSecretKey.fromBytes(HEX.parseHex(CURVE_ORDER)))
        .hasMessage("a BLS secret key must be below the curve order");
    assertThatThrownBy(() -> BlsSecretKey.fromBytes(HEX.parseHex("ff".repeat(32))))
        .hasMessage("a BLS secret key must be below the curve order")
        .message()
        .doesNotContainIgnoringCase("ffff");
  }

  @Test
  void fromBytesAcceptsCurveOrderMinusOne() {
    byte[] bytes = HEX.parseHex(CURVE_ORDER);
    bytes[31] = 0;

    assertThat(BlsSecretKey.fromBytes(bytes).publicKey()).isNotNull();
  }

  @Test
  void toStringNeverContainsKeyMaterial() {
    BlsSecretKey key = BlsSecretKey.fromBytes(HEX.parseHex(SPEC_SECRET));

    assertThat(key.toString())
        .isEqualTo("BlsSecretKey[redacted]")
        .doesNotContainIgnoringCase(SPEC_SECRET.substring(0, 8))
        .doesNotContainIgnoringCase(SPEC_SECRET.substring(56));
    assertThat(String.valueOf(key)).doesNotContainIgnoringCase("263dbd79");
  }

  @Test
  void randomKeysDifferAndAreUsable() {
    SecureRandom random = new SecureRandom();

    BlsSecretKey first = BlsSecretKey.random(random);
    BlsSecretKey second = BlsSecretKey.random(random);

    assertThat(first).isNotEqualTo(second);
    assertThat(BlsSecretKey.fromBytes(first.toBytes())).isEqualTo(first);
  }

  @Test
  void equalKeysHaveEqualHashCodes() {
    BlsSecretKey first = BlsSecretKey.fromBytes(HEX.parseHex(SPEC_SECRET));
    BlsSecretKey second = BlsSecretKey.fromBytes(HEX.parseHex(SPEC_SECRET));

    assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
  }
}
