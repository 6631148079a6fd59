package dev.valet.allocator.keys;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.SCrypt;

/** Runs an EIP-2335 key derivation function: the slow, memory-hungry step. */
final class Kdf {

  private Kdf() {}

  /** EIP-2335 "Decryption key": 32 bytes derived from the processed password. */
  static byte[] deriveKey(byte[] password, KdfParameters parameters) {
    int length = KdfParameters.DERIVED_KEY_LENGTH;
    return switch (parameters) {
      case KdfParameters.Scrypt s ->
          SCrypt.generate(password, s.salt(), s.n(), s.r(), s.p(), length);
      case KdfParameters.Pbkdf2 p ->
          Pbkdf2.derive(new SHA256Digest(), password, p.salt(), p.c(), length);
    };
  }
}
