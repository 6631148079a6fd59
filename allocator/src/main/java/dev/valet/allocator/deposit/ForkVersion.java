package dev.valet.allocator.deposit;

import java.util.Objects;

/**
 * A consensus-layer fork version: the SSZ {@code Version}, 4 bytes. Deposits are signed with a
 * network's genesis fork version, so this is what ties a deposit signature to one network.
 */
public final class ForkVersion extends FixedBytes {

  public static final int LENGTH = 4;

  private ForkVersion(byte[] bytes) {
    super(bytes);
  }

  /**
   * Copies 4 bytes.
   *
   * @throws IllegalArgumentException if there are not exactly 4
   */
  public static ForkVersion fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a fork version is 4 bytes, not " + bytes.length);
    }
    return new ForkVersion(bytes.clone());
  }

  /**
   * Reads 8 hex digits, with or without "0x".
   *
   * @param what names the value in the error message, such as a configuration setting
   */
  public static ForkVersion fromHex(String hex, String what) {
    return new ForkVersion(HexText.decode(hex, LENGTH, what, "0x10000038"));
  }
}
