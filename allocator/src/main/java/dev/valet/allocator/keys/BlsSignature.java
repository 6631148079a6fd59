package dev.valet.allocator.keys;

import java.util.Arrays;
import java.util.Objects;
import supranational.blst.P2_Affine;

/**
 * A BLS12-381 signature: a compressed G2 point of 96 bytes in the G2 subgroup.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class BlsSignature {

  private final byte[] compressed;

  private BlsSignature(byte[] compressed) {
    this.compressed = compressed;
  }

  /**
   * Reads a compressed G2 point.
   *
   * @throws IllegalArgumentException if it is not 96 bytes, does not decode to a curve point, or
   *     lies outside the G2 subgroup
   */
  public static BlsSignature fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != Bls12381.SIGNATURE_LENGTH) {
      throw new IllegalArgumentException(
          "a BLS signature is 96 bytes, not " + bytes.length + " bytes");
    }
    P2_Affine point = decode(bytes);
    if (!point.in_group()) {
      throw new IllegalArgumentException("a BLS signature must lie in the G2 subgroup");
    }
    return new BlsSignature(bytes.clone());
  }

  /** Reads hex text with or without "0x", as {@link #fromBytes(byte[])} does. */
  public static BlsSignature fromHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    return fromBytes(Hex.decode(hex, "BLS signature"));
  }

  /** Wraps a point that blst just produced by signing, skipping the subgroup check. */
  static BlsSignature trusted(byte[] compressed) {
    return new BlsSignature(compressed);
  }

  public byte[] toBytes() {
    return compressed.clone();
  }

  /** "0x" followed by 192 lowercase hex digits. */
  public String toHex() {
    return Hex.withPrefix(compressed);
  }

  /** The bytes without a copy, for verification inside this package. */
  byte[] compressed() {
    return compressed;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BlsSignature that && Arrays.equals(compressed, that.compressed);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(compressed);
  }

  @Override
  public String toString() {
    return toHex();
  }

  private static P2_Affine decode(byte[] bytes) {
    try {
      return new P2_Affine(bytes);
    } catch (RuntimeException e) {
      // blst reports a bad encoding or an off-curve point as a bare RuntimeException.
      throw new IllegalArgumentException("not a compressed BLS12-381 G2 point");
    }
  }
}
