package dev.valet.allocator.keys;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * PBKDF2 (RFC 8018) over raw password bytes. BouncyCastle rather than the JDK's SecretKeyFactory,
 * which takes the password as chars and re-encodes it itself.
 */
final class Pbkdf2 {

  private Pbkdf2() {}

  static byte[] derive(
      Digest digest, byte[] password, byte[] salt, int iterations, int lengthBytes) {
    PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(digest);
    generator.init(password, salt, iterations);
    KeyParameter key = (KeyParameter) generator.generateDerivedParameters(lengthBytes * 8);
    return key.getKey();
  }
}
