package dev.valet.allocator.keys;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/** EIP-2335 "Password requirements": how a password becomes the KDF's input bytes. */
final class KeystorePassword {

  private KeystorePassword() {}

  /**
   * NFKD-normalizes the password, strips the C0 (0x00-0x1F), Delete (0x7F) and C1 (0x80-0x9F)
   * control codes, then encodes it as UTF-8. Space stays.
   */
  static byte[] encode(String password) {
    String normalized = Normalizer.normalize(password, Normalizer.Form.NFKD);
    StringBuilder kept = new StringBuilder(normalized.length());
    normalized.codePoints().filter(c -> !isControlCode(c)).forEach(kept::appendCodePoint);
    return kept.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static boolean isControlCode(int codePoint) {
    return codePoint <= 0x1F || (codePoint >= 0x7F && codePoint <= 0x9F);
  }
}
