package dev.valet.allocator.deposit;

import java.util.Objects;

/**
 * 32 bytes, the SSZ {@code Bytes32} of the consensus specs: a hash tree root, a signing domain or a
 * genesis validators root. Immutable.
 */
public final class Bytes32 extends FixedBytes {

  public static final int LENGTH = 32;

  /** Thirty-two zero bytes: the genesis validators root that deposit signatures commit to. */
  public static final Bytes32 ZERO = new Bytes32(new byte[LENGTH]);

  /** Mainnet's genesis validators root, shown as an example in messages. */
  private static final String EXAMPLE =
      "0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95";

  private Bytes32(byte[] bytes) {
    super(bytes);
  }

  /**
   * Copies 32 bytes.
   *
   * @throws IllegalArgumentException if there are not exactly 32
   */
  public static Bytes32 fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("expected 32 bytes, not " + bytes.length);
    }
    return new Bytes32(bytes.clone());
  }

  /**
   * Reads 64 hex digits, with or without "0x".
   *
   * @param what names the value in the error message, such as a configuration setting
   */
  public static Bytes32 fromHex(String hex, String what) {
    return new Bytes32(HexText.decode(hex, LENGTH, what, EXAMPLE));
  }

  /** Takes ownership of bytes this package just computed. */
  static Bytes32 wrap(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("expected 32 bytes, not " + bytes.length);
    }
    return new Bytes32(bytes);
  }
}
