package dev.valet.allocator.deposit;

import java.util.HexFormat;

/** Hex text as Ethereum tools write it: lower-case digits, with or without a "0x" prefix. */
final class HexText {

  private static final HexFormat LOWER = HexFormat.of();

  private HexText() {}

  /**
   * Decodes exactly {@code length} bytes of hex, with or without "0x".
   *
   * @param what names the value in the message, such as "pools.devnet.network.genesisForkVersion"
   * @param example a valid value to show in the message
   * @throws IllegalArgumentException if the text is not hex or not {@code length} bytes long
   */
  static byte[] decode(String text, int length, String what, String example) {
    String problem = what + " must be " + length + " bytes of hex such as " + example;
    if (text == null) {
      throw new IllegalArgumentException(problem + ", but it is missing");
    }
    String digits = withoutPrefix(text);
    if (digits.length() != 2 * length) {
      throw new IllegalArgumentException(problem);
    }
    try {
      return LOWER.parseHex(digits);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(problem);
    }
  }

  static String withoutPrefix(String text) {
    return text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
  }

  static String prefixed(byte[] bytes) {
    return "0x" + LOWER.formatHex(bytes);
  }

  static String unprefixed(byte[] bytes) {
    return LOWER.formatHex(bytes);
  }
}
