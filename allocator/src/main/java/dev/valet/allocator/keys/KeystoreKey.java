package dev.valet.allocator.keys;

import dev.valet.allocator.crypto.Sha256;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The EIP-2335 decryption key for one password and one set of KDF parameters: the result of running
 * the slow KDF once.
 *
 * <p>Valet keeps one password and one KDF salt per pool, so it derives this once per pool and then
 * encrypts any number of keystores cheaply, each with its own random IV and UUID. Holding this
 * object is as good as holding the password for those keystores: {@link #toString()} never shows
 * it. Instances are immutable and safe to share between threads.
 */
public final class KeystoreKey {

  private static final int AES_KEY_LENGTH = 16;
  private static final int IV_LENGTH = 16;

  private final KdfParameters kdf;
  private final byte[] decryptionKey;

  private KeystoreKey(KdfParameters kdf, byte[] decryptionKey) {
    this.kdf = kdf;
    this.decryptionKey = decryptionKey;
  }

  /**
   * Runs the KDF: slow by design (about a second or more with the defaults, and 256 MiB for default
   * scrypt), so keep it off event loops and request paths.
   */
  public static KeystoreKey derive(String password, KdfParameters kdf) {
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(kdf, "kdf");
    byte[] encodedPassword = KeystorePassword.encode(password);
    try {
      return new KeystoreKey(kdf, Kdf.deriveKey(encodedPassword, kdf));
    } finally {
      SecretBytes.wipe(encodedPassword);
    }
  }

  public KdfParameters kdfParameters() {
    return kdf;
  }

  /**
   * Encrypts {@code secret} into a complete EIP-2335 keystore: AES-128-CTR under a fresh random IV,
   * a random version 4 UUID, and the secret's public key.
   *
   * @param path the EIP-2334 path the key was derived at, or "" for a key that was not derived
   * @throws IllegalArgumentException if {@code path} is neither "" nor a well-formed path
   */
  public String encrypt(BlsSecretKey secret, String path, SecureRandom random) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(random, "random");
    if (!path.isEmpty()) {
      DerivationPath.parse(path);
    }

    byte[] iv = new byte[IV_LENGTH];
    random.nextBytes(iv);
    byte[] plaintext = secret.toBytes();
    byte[] ciphertext;
    try {
      ciphertext = aes128Ctr(Cipher.ENCRYPT_MODE, iv, plaintext);
    } finally {
      SecretBytes.wipe(plaintext);
    }

    KeystoreDocument document =
        new KeystoreDocument(
            kdf,
            checksum(ciphertext),
            iv,
            ciphertext,
            Optional.of(secret.publicKey()),
            path,
            randomUuid(random).toString(),
            "");
    return document.toJson();
  }

  /**
   * Opens a keystore made under this key's KDF parameters without running the KDF again.
   *
   * @throws KeystoreException if the keystore is malformed, was made under other KDF parameters,
   *     its password is not this key's, or its {@code pubkey} does not match the secret
   */
  public BlsSecretKey decrypt(String keystoreJson) {
    KeystoreDocument document = KeystoreJsonReader.read(keystoreJson);
    if (!document.kdf().equals(kdf)) {
      throw new KeystoreException(
          "keystore was made under other KDF parameters or another salt than this key");
    }
    return decrypt(document);
  }

  /**
   * Whether {@code keystoreJson} names this key's KDF function, parameters and salt, so that this
   * key opens it if the keystore's password is this key's password.
   *
   * @throws KeystoreException if the keystore is malformed
   */
  public boolean hasSameKdfAs(String keystoreJson) {
    return KeystoreJsonReader.read(keystoreJson).kdf().equals(kdf);
  }

  /** EIP-2335 "Password verification", then "Secret decryption", then the pubkey check. */
  BlsSecretKey decrypt(KeystoreDocument document) {
    if (!MessageDigest.isEqual(checksum(document.ciphertext()), document.checksum())) {
      throw new KeystoreException("password does not match this keystore (checksum mismatch)");
    }

    byte[] plaintext = aes128Ctr(Cipher.DECRYPT_MODE, document.iv(), document.ciphertext());
    BlsSecretKey secret;
    try {
      secret = BlsSecretKey.fromBytes(plaintext);
    } catch (IllegalArgumentException e) {
      throw new KeystoreException("decrypted secret is not a valid BLS secret key");
    } finally {
      SecretBytes.wipe(plaintext);
    }

    if (document.publicKey().isPresent()
        && !document.publicKey().get().equals(secret.publicKey())) {
      throw new KeystoreException("pubkey does not match the public key of the decrypted secret");
    }
    return secret;
  }

  @Override
  public String toString() {
    return "KeystoreKey[" + kdf.function() + ", redacted]";
  }

  /** EIP-2335 checksum: SHA-256 of the second half of the decryption key, then the ciphertext. */
  private byte[] checksum(byte[] ciphertext) {
    byte[] checksumKey = Arrays.copyOfRange(decryptionKey, AES_KEY_LENGTH, decryptionKey.length);
    try {
      return Sha256.digest(checksumKey, ciphertext);
    } finally {
      SecretBytes.wipe(checksumKey);
    }
  }

  /** EIP-2335 aes-128-ctr: the first 16 bytes of the decryption key are the AES key. */
  private byte[] aes128Ctr(int mode, byte[] iv, byte[] input) {
    SecretKeySpec key = new SecretKeySpec(decryptionKey, 0, AES_KEY_LENGTH, "AES");
    try {
      Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
      cipher.init(mode, key, new IvParameterSpec(iv));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime provides AES/CTR/NoPadding", e);
    }
  }

  /** RFC 4122 version 4 UUID from {@code random}, so that callers choose the randomness. */
  private static UUID randomUuid(SecureRandom random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
    bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    return new UUID(buffer.getLong(), buffer.getLong());
  }
}
