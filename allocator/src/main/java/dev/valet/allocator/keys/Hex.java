package dev.valet.allocator.keys;

import java.util.HexFormat;

/** Hex text in the two spellings Ethereum tools use: with or without a "0x" prefix. */
final class Hex {

  private static final HexFormat LOWER = HexFormat.of();

  private Hex() {}

  static String withPrefix(byte[] bytes) {
    return "0x" + LOWER.formatHex(bytes);
  }

  static String withoutPrefix(byte[] bytes) {
    return LOWER.formatHex(bytes);
  }

  /**
   * Decodes hex text with or without "0x". The message names {@code what} and never quotes the
   * text, which may be key material.
   */
  static byte[] decode(String text, String what) {
    String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    try {
      return LOWER.parseHex(digits);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not valid hex");
    }
  }
}
