package dev.valet.allocator.admin;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** BLS public keys as operators write them: {@code 0x} and 96 hex digits. */
public final class Pubkeys {
  private static final Pattern TEXT = Pattern.compile("0x[0-9a-fA-F]{96}");

  private Pubkeys() {}

  /** The 48 bytes of a public key written as {@code 0x} and 96 hex digits; empty otherwise. */
  public static Optional<byte[]> parse(String text) {
    if (text == null || !TEXT.matcher(text).matches()) {
      return Optional.empty();
    }
    return Optional.of(HexFormat.of().parseHex(text.substring(2).toLowerCase(Locale.ROOT)));
  }

  public static String hex(byte[] pubkey) {
    return "0x" + HexFormat.of().formatHex(pubkey);
  }
}
