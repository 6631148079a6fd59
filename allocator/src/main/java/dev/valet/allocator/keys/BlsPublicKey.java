package dev.valet.allocator.keys;

import java.util.Arrays;
import java.util.Objects;
import supranational.blst.BLST_ERROR;
import supranational.blst.P1_Affine;
import supranational.blst.P2_Affine;

/**
 * A BLS12-381 public key: a compressed G1 point of 48 bytes, validated as the consensus specs'
 * KeyValidate asks (a point of the G1 subgroup other than infinity).
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class BlsPublicKey {

  private final byte[] compressed;

  private BlsPublicKey(byte[] compressed) {
    this.compressed = compressed;
  }

  /**
   * Reads a compressed G1 point.
   *
   * @throws IllegalArgumentException if it is not 48 bytes, does not decode to a curve point, is
   *     the point at infinity, or lies outside the G1 subgroup
   */
  public static BlsPublicKey fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != Bls12381.PUBLIC_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "a BLS public key is 48 bytes, not " + bytes.length + " bytes");
    }
    P1_Affine point = decode(bytes);
    if (point.is_inf()) {
      throw new IllegalArgumentException("a BLS public key must not be the point at infinity");
    }
    if (!point.in_group()) {
      throw new IllegalArgumentException("a BLS public key must lie in the G1 subgroup");
    }
    return new BlsPublicKey(bytes.clone());
  }

  /** Reads hex text with or without "0x", as {@link #fromBytes(byte[])} does. */
  public static BlsPublicKey fromHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    return fromBytes(Hex.decode(hex, "BLS public key"));
  }

  /** Wraps a point that blst computed from a valid secret key, skipping the subgroup check. */
  static BlsPublicKey trusted(byte[] compressed) {
    return new BlsPublicKey(compressed);
  }

  public byte[] toBytes() {
    return compressed.clone();
  }

  /** "0x" followed by 96 lowercase hex digits. */
  public String toHex() {
    return Hex.withPrefix(compressed);
  }

  /**
   * Whether {@code signature} is this key's signature of {@code message} under the
   * proof-of-possession ciphersuite the consensus specs use.
   */
  public boolean verify(byte[] message, BlsSignature signature) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(signature, "signature");
    P1_Affine publicKey = new P1_Affine(compressed);
    P2_Affine point = new P2_Affine(signature.compressed());
    BLST_ERROR result = point.core_verify(publicKey, true, message, Bls12381.SIGNATURE_DST);
    return result == BLST_ERROR.BLST_SUCCESS;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BlsPublicKey that && Arrays.equals(compressed, that.compressed);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(compressed);
  }

  @Override
  public String toString() {
    return toHex();
  }

  private static P1_Affine decode(byte[] bytes) {
    try {
      return new P1_Affine(bytes);
    } catch (RuntimeException e) {
      // blst reports a bad encoding or an off-curve point as a bare RuntimeException.
      throw new IllegalArgumentException("not a compressed BLS12-381 G1 point");
    }
  }
}
