package dev.valet.allocator.keys;

import java.util.Optional;

/**
 * What an EIP-2335 keystore says about itself without its password.
 *
 * @param publicKey the {@code pubkey} field, when present; unverified until the keystore is
 *     decrypted
 * @param path the EIP-2334 derivation path, "" for a key that was not derived
 * @param uuid the {@code uuid} field as written
 * @param kdf the KDF function, parameters and salt
 * @param description the {@code description} field, "" when absent
 */
public record KeystoreInfo(
    Optional<BlsPublicKey> publicKey,
    String path,
    String uuid,
    KdfParameters kdf,
    String description) {

  /** "scrypt" or "pbkdf2". */
  public String kdfFunction() {
    return kdf.function();
  }
}
