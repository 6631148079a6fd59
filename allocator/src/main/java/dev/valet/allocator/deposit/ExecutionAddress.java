package dev.valet.allocator.deposit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * A 20-byte execution-layer account address: where withdrawals go, or a deposit contract.
 *
 * <p>Text in mixed case must carry a valid EIP-55 checksum; all lower-case or all upper-case text
 * has none to check (EIP-55, "Specification"). {@link #toString()} writes the checksummed form.
 */
public final class ExecutionAddress {

  public static final int LENGTH = 20;

  private static final String EXAMPLE = "0x4242424242424242424242424242424242424242";

  private final byte[] bytes;

  private ExecutionAddress(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Reads an address, checking its EIP-55 checksum when it is written in mixed case. */
  public static ExecutionAddress fromHex(String text) {
    return fromHex(text, "an execution address");
  }

  /**
   * Reads an address, checking its EIP-55 checksum when it is written in mixed case.
   *
   * @param what names the value in the error message, such as a configuration setting
   * @throws IllegalArgumentException if it is not 20 bytes of hex or its checksum is wrong
   */
  public static ExecutionAddress fromHex(String text, String what) {
    Objects.requireNonNull(what, "what");
    byte[] bytes = HexText.decode(text, LENGTH, what, EXAMPLE);
    String digits = HexText.withoutPrefix(text);
    if (isMixedCase(digits) && !digits.equals(checksummedDigits(bytes))) {
      throw new IllegalArgumentException(
          what + " does not match its EIP-55 checksum (its mixed case): check it for a typo");
    }
    return new ExecutionAddress(bytes);
  }

  /**
   * Copies 20 bytes.
   *
   * @throws IllegalArgumentException if there are not exactly 20
   */
  public static ExecutionAddress fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("an execution address is 20 bytes, not " + bytes.length);
    }
    return new ExecutionAddress(bytes.clone());
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  /** "0x" and 40 hex digits in the EIP-55 mixed-case checksum encoding. */
  public String toChecksumHex() {
    return "0x" + checksummedDigits(bytes);
  }

  /** "0x" and 40 lower-case hex digits. */
  public String toLowerCaseHex() {
    return HexText.prefixed(bytes);
  }

  byte[] bytes() {
    return bytes;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ExecutionAddress that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toChecksumHex();
  }

  /**
   * EIP-55: a hex letter is upper case when the matching nibble of keccak256(lower-case hex) is 8
   * or more.
   */
  private static String checksummedDigits(byte[] address) {
    String lower = HexText.unprefixed(address);
    byte[] hash = keccak256(lower.getBytes(StandardCharsets.US_ASCII));
    StringBuilder out = new StringBuilder(lower.length());
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0x0f;
      out.append(c >= 'a' && nibble >= 8 ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }

  private static boolean isMixedCase(String digits) {
    return !digits.equals(digits.toLowerCase(Locale.ROOT))
        && !digits.equals(digits.toUpperCase(Locale.ROOT));
  }

  private static byte[] keccak256(byte[] input) {
    KeccakDigest digest = new KeccakDigest(256);
    digest.update(input, 0, input.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }
}
