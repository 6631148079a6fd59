package dev.valet.allocator.keys;

import java.util.Objects;

/**
 * Reads EIP-2335 keystores from elsewhere: decrypts them with their password, or describes them
 * without it.
 *
 * <p>Keystores are untrusted input: before the KDF runs, its parameters are checked against bounds
 * that admit EIP-2335's defaults but refuse work that could exhaust memory or CPU.
 */
public final class Keystore {

  private Keystore() {}

  /**
   * Runs the keystore's KDF on {@code password}, verifies the checksum, decrypts the secret and,
   * when the keystore has a {@code pubkey}, checks that it belongs to the secret. Slow: see {@link
   * KeystoreKey#derive(String, KdfParameters)}.
   *
   * @throws KeystoreException if the keystore is malformed or unsupported (naming the field), asks
   *     for too much KDF work, the password is wrong, or the pubkey does not match
   */
  public static BlsSecretKey decrypt(String keystoreJson, String password) {
    Objects.requireNonNull(password, "password");
    KeystoreDocument document = KeystoreJsonReader.read(keystoreJson);

    KdfLimits.requireAffordable(document.kdf());

    return KeystoreKey.derive(password, document.kdf()).decrypt(document);
  }

  /**
   * The keystore's public fields, without decrypting it.
   *
   * @throws KeystoreException if the keystore is malformed or unsupported, naming the field
   */
  public static KeystoreInfo inspect(String keystoreJson) {
    KeystoreDocument document = KeystoreJsonReader.read(keystoreJson);
    return new KeystoreInfo(
        document.publicKey(),
        document.path(),
        document.uuid(),
        document.kdf(),
        document.description());
  }
}
