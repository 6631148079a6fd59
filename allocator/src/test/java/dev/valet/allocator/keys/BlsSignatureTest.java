package dev.valet.allocator.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BlsSignatureTest {

  private static final HexFormat HEX = HexFormat.of();

  // consensus-spec-tests general/phase0/bls/sign: privkey, message 0x56 * 32 and signature;
  // the same value was reproduced independently with @noble/curves.
  private static final String SPEC_SECRET =
      "263dbd792f5b1be47ed85f8938c0f29586af0d3ac7b977f21c278fe1462040e3";
  private static final String SPEC_MESSAGE = "56".repeat(32);
  private static final String SPEC_SIGNATURE =
      "0x882730e5d03f6b42c3abc26d3372625034e1d871b65a8a6b900a56dae22da98a"
          + "bbe1b68f85e49fe7652a55ec3d0591c20767677e33e5cbb1207315c41a9ac03b"
          + "e39c2e7668edc043d6cb1d9fd93033caa8a1c5b0e84bedaeb6c64972503a43eb";

  private final SecureRandom random = new SecureRandom();

  @Test
  void signatureOfSpecVectorIsThePublishedOne() {
    BlsSecretKey key = BlsSecretKey.fromBytes(HEX.parseHex(SPEC_SECRET));

    BlsSignature signature = key.sign(HEX.parseHex(SPEC_MESSAGE));

    assertThat(signature.toHex()).isEqualTo(SPEC_SIGNATURE);
  }

  @Test
  void publishedSignatureVerifiesUnderSpecPublicKey() {
    BlsPublicKey publicKey = BlsSecretKey.fromBytes(HEX.parseHex(SPEC_SECRET)).publicKey();

    assertThat(publicKey.verify(HEX.parseHex(SPEC_MESSAGE), BlsSignature.fromHex(SPEC_SIGNATURE)))
        .isTrue();
  }

  @Test
  void signatureVerifiesUnderItsKey() {
    BlsSecretKey key = BlsSecretKey.random(random);
    byte[] message = "deposit".getBytes(StandardCharsets.UTF_8);

    assertThat(key.publicKey().verify(message, key.sign(message))).isTrue();
  }

  @Test
  void signatureFailsForAnotherMessage() {
    BlsSecretKey key = BlsSecretKey.random(random);
    BlsSignature signature = key.sign("deposit".getBytes(StandardCharsets.UTF_8));

    assertThat(key.publicKey().verify("exit".getBytes(StandardCharsets.UTF_8), signature))
        .isFalse();
  }

  @Test
  void signatureFailsForAnotherKey() {
    byte[] message = "deposit".getBytes(StandardCharsets.UTF_8);
    BlsSignature signature = BlsSecretKey.random(random).sign(message);

    assertThat(BlsSecretKey.random(random).publicKey().verify(message, signature)).isFalse();
  }

  @Test
  void bytesRoundTrip() {
    BlsSignature signature = BlsSignature.fromHex(SPEC_SIGNATURE);

    assertThat(BlsSignature.fromBytes(signature.toBytes())).isEqualTo(signature);
    assertThat(signature.toBytes()).hasSize(96);
  }

  @Test
  void fromBytesRejectsWrongLength() {
    assertThatThrownBy(() -> BlsSignature.fromBytes(new byte[95]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a BLS signature is 96 bytes, not 95 bytes");
  }

  @Test
  void fromBytesRejectsBytesThatAreNoCurvePoint() {
    byte[] bytes = HEX.parseHex(SPEC_SIGNATURE.substring(2));
    bytes[95] ^= 0x01;

    assertThatThrownBy(() -> BlsSignature.fromBytes(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("G2");
  }
}
