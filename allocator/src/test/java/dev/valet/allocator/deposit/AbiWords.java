package dev.valet.allocator.deposit;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;

/** Reads ABI-encoded call data and event data: 32-byte head words and dynamic {@code bytes}. */
final class AbiWords {

  private static final int WORD = 32;

  private final byte[] data;

  private AbiWords(byte[] data) {
    this.data = data;
  }

  /** Encoded arguments after a 4-byte function selector, which must be {@code selector}. */
  static AbiWords ofCall(String hexInput, String selector) {
    byte[] input = HexFormat.of().parseHex(HexText.withoutPrefix(hexInput));
    String actual = HexFormat.of().formatHex(input, 0, 4);
    if (!actual.equals(selector)) {
      throw new IllegalArgumentException("selector " + actual + ", expected " + selector);
    }
    return new AbiWords(Arrays.copyOfRange(input, 4, input.length));
  }

  /** Encoded event data, which has no selector. */
  static AbiWords ofEventData(String hexData) {
    return new AbiWords(HexFormat.of().parseHex(HexText.withoutPrefix(hexData)));
  }

  /** The head word at {@code index}, as a static {@code bytes32}. */
  byte[] word(int index) {
    return Arrays.copyOfRange(data, index * WORD, (index + 1) * WORD);
  }

  /** The dynamic {@code bytes} whose offset is the head word at {@code index}. */
  byte[] dynamicBytes(int index) {
    int offset = new BigInteger(1, word(index)).intValueExact();
    int length = new BigInteger(1, Arrays.copyOfRange(data, offset, offset + WORD)).intValueExact();
    return Arrays.copyOfRange(data, offset + WORD, offset + WORD + length);
  }
}
