package dev.valet.allocator.deposit;

import java.util.Arrays;
import java.util.Objects;

/**
 * A consensus-layer fork version: the SSZ {@code Version}, 4 bytes. Deposits are signed with a
 * network's genesis fork version, so this is what ties a deposit signature to one network.
 */
public final class ForkVersion {

  public static final int LENGTH = 4;

  private final byte[] bytes;

  private ForkVersion(byte[] bytes) {
    this.bytes = bytes;
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

  public byte[] toBytes() {
    return bytes.clone();
  }

  /** "0x" followed by 8 lower-case hex digits, as network configurations write it. */
  public String toHex() {
    return HexText.prefixed(bytes);
  }

  /** 8 lower-case hex digits without a prefix, as the deposit CLI writes {@code fork_version}. */
  public String toUnprefixedHex() {
    return HexText.unprefixed(bytes);
  }

  byte[] bytes() {
    return bytes;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ForkVersion that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
