package dev.valet.allocator.deposit;

import java.util.Arrays;

/**
 * A value of a fixed number of bytes from the consensus specs, immutable, equal to another of its
 * kind with the same bytes, written as lower-case hex.
 */
public abstract sealed class FixedBytes permits Bytes32, ForkVersion, WithdrawalCredentials {
  private final byte[] bytes;

  /** Takes ownership of {@code bytes}: subclasses hand in a copy or bytes they just made. */
  FixedBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  public final byte[] toBytes() {
    return bytes.clone();
  }

  /** "0x" followed by lower-case hex digits. */
  public final String toHex() {
    return HexText.prefixed(bytes);
  }

  /** Lower-case hex digits without a prefix, as the deposit CLI writes them. */
  public final String toUnprefixedHex() {
    return HexText.unprefixed(bytes);
  }

  /** The bytes without a copy, for hashing inside this package. */
  final byte[] bytes() {
    return bytes;
  }

  @Override
  public final boolean equals(Object other) {
    return other != null
        && other.getClass() == getClass()
        && Arrays.equals(bytes, ((FixedBytes) other).bytes);
  }

  @Override
  public final int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
