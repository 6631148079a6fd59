package dev.valet.allocator.keys;

import java.util.Arrays;
import java.util.Objects;

/**
 * The key derivation function of an EIP-2335 keystore, with its parameters and salt.
 *
 * <p>The derived key is always 32 bytes ({@code dklen}) and PBKDF2 always uses HMAC-SHA256, the
 * only values EIP-2335 keystores use, so neither is a parameter here.
 */
public sealed interface KdfParameters permits KdfParameters.Scrypt, KdfParameters.Pbkdf2 {

  /** EIP-2335 dklen: 16 bytes of AES-128 key, then 16 bytes for the checksum. */
  int DERIVED_KEY_LENGTH = 32;

  /** The EIP-2335 kdf.function name: "scrypt" or "pbkdf2". */
  String function();

  /** A copy of the salt. */
  byte[] salt();

  /** scrypt as EIP-2335's test vector and most tools use it: n=2^18, r=8, p=1. */
  static Scrypt scryptDefault(byte[] salt) {
    return new Scrypt(1 << 18, 8, 1, salt);
  }

  /** PBKDF2-HMAC-SHA256 as EIP-2335's test vector uses it: c=2^18. */
  static Pbkdf2 pbkdf2Default(byte[] salt) {
    return new Pbkdf2(1 << 18, salt);
  }

  /** scrypt (RFC 7914) with cost {@code n}, block size {@code r} and parallelism {@code p}. */
  record Scrypt(int n, int r, int p, byte[] salt) implements KdfParameters {

    public Scrypt {
      if (n < 2 || Integer.bitCount(n) != 1) {
        throw new IllegalArgumentException("scrypt n must be a power of two above 1, got " + n);
      }
      if (r < 1 || p < 1) {
        throw new IllegalArgumentException("scrypt r and p must be at least 1");
      }
      if (r == 1 && n >= 1 << 16) {
        throw new IllegalArgumentException("scrypt n must be below 2^16 when r is 1 (RFC 7914)");
      }
      if ((long) r * p >= 1L << 30) {
        throw new IllegalArgumentException("scrypt r * p must be below 2^30 (RFC 7914)");
      }
      salt = copyOf(salt);
    }

    @Override
    public String function() {
      return "scrypt";
    }

    @Override
    public byte[] salt() {
      return salt.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Scrypt that
          && n == that.n
          && r == that.r
          && p == that.p
          && Arrays.equals(salt, that.salt);
    }

    @Override
    public int hashCode() {
      return Objects.hash(n, r, p, Arrays.hashCode(salt));
    }

    @Override
    public String toString() {
      return "Scrypt[n=" + n + ", r=" + r + ", p=" + p + ", salt=" + Hex.withoutPrefix(salt) + "]";
    }
  }

  /** PBKDF2 (RFC 8018) with HMAC-SHA256 and {@code c} iterations. */
  record Pbkdf2(int c, byte[] salt) implements KdfParameters {

    /** The only EIP-2335 pseudo-random function. */
    public static final String PRF = "hmac-sha256";

    public Pbkdf2 {
      if (c < 1) {
        throw new IllegalArgumentException("pbkdf2 c must be at least 1, got " + c);
      }
      salt = copyOf(salt);
    }

    @Override
    public String function() {
      return "pbkdf2";
    }

    @Override
    public byte[] salt() {
      return salt.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Pbkdf2 that && c == that.c && Arrays.equals(salt, that.salt);
    }

    @Override
    public int hashCode() {
      return Objects.hash(c, Arrays.hashCode(salt));
    }

    @Override
    public String toString() {
      return "Pbkdf2[c=" + c + ", prf=" + PRF + ", salt=" + Hex.withoutPrefix(salt) + "]";
    }
  }

  private static byte[] copyOf(byte[] salt) {
    Objects.requireNonNull(salt, "salt");
    if (salt.length == 0) {
      throw new IllegalArgumentException("KDF salt must not be empty");
    }
    return salt.clone();
  }
}
