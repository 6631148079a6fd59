package dev.valet.allocator.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BlsPublicKeyTest {

  // EIP-2335 test vectors: the public key of secret 0x000000000019d6689c...
  private static final String EIP_2335_PUBLIC_KEY =
      "9612d7a727c9d0a22e185a1c768478dfe919cada9266988cb32359c11f2b7b27"
          + "f4ae4040902382ae2910c15e2b420d07";

  @Test
  void fromHexAcceptsBothSpellingsAndPrintsWithPrefix() {
    BlsPublicKey bare = BlsPublicKey.fromHex(EIP_2335_PUBLIC_KEY);
    BlsPublicKey prefixed = BlsPublicKey.fromHex("0x" + EIP_2335_PUBLIC_KEY);

    assertThat(bare).isEqualTo(prefixed);
    assertThat(bare.toHex()).isEqualTo("0x" + EIP_2335_PUBLIC_KEY);
    assertThat(BlsPublicKey.fromBytes(bare.toBytes())).isEqualTo(bare);
  }

  @Test
  void rejectsPointAtInfinity() {
    byte[] infinity = new byte[48];
    infinity[0] = (byte) 0xc0;

    assertThatThrownBy(() -> BlsPublicKey.fromBytes(infinity))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a BLS public key must not be the point at infinity");
  }

  @Test
  void rejectsPointOutsideSubgroup() {
    // Flipping the last bit of x here still gives a curve point, but one outside G1.
    byte[] bytes = HexFormat.of().parseHex(EIP_2335_PUBLIC_KEY);
    bytes[47] ^= 0x01;

    assertThatThrownBy(() -> BlsPublicKey.fromBytes(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a BLS public key must lie in the G1 subgroup");
  }

  @Test
  void rejectsPointNotOnCurve() {
    // The consensus specs' first test public key with its last byte changed: no curve point.
    String notOnCurve =
        "a491d1b0ecd9bb917989f0e74f0dea0422eac4a873e5e2644f368dffb9a6e20f"
            + "d6e10c1b77654d067c0618f6e5a7f7ff";

    assertThatThrownBy(() -> BlsPublicKey.fromHex(notOnCurve))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a compressed BLS12-381 G1 point");
  }

  @Test
  void rejectsUncompressedEncoding() {
    assertThatThrownBy(() -> BlsPublicKey.fromBytes(new byte[48]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a compressed BLS12-381 G1 point");
  }

  @Test
  void rejectsWrongLengthAndBadHex() {
    assertThatThrownBy(() -> BlsPublicKey.fromBytes(new byte[96]))
        .hasMessage("a BLS public key is 48 bytes, not 96 bytes");
    assertThatThrownBy(() -> BlsPublicKey.fromHex("0xzz"))
        .hasMessage("BLS public key is not valid hex");
  }
}
