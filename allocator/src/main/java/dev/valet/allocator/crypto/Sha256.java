package dev.valet.allocator.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, the hash of EIP-2335 checksums, SSZ merkleization and the deposit contract. */
public final class Sha256 {

  private Sha256() {}

  /** SHA-256 of the concatenation of {@code parts}. */
  public static byte[] digest(byte[]... parts) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
  }
}
