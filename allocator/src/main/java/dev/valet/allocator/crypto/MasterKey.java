package dev.valet.allocator.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that encrypts what Valet keeps at rest (pool passwords): AES-256-GCM with a random 96-bit
 * nonce per message. The associated data names what a ciphertext belongs to, so that one pool's
 * ciphertext cannot be passed off as another's.
 */
public final class MasterKey {
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final byte[] key;
  private final SecureRandom random;

  private MasterKey(byte[] key, SecureRandom random) {
    this.key = key;
    this.random = random;
  }

  /** A new random key. */
  public static MasterKey generate(SecureRandom random) {
    byte[] key = new byte[KEY_BYTES];
    random.nextBytes(key);
    return new MasterKey(key, random);
  }

  /**
   * Reads the key from {@code file}: 64 hex digits or the base64 of 32 bytes, surrounding white
   * space ignored.
   */
  public static MasterKey load(Path file, String setting) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (NoSuchFileException e) {
      throw new MasterKeyException(
          setting
              + ": the master key file "
              + file
              + " does not exist. Restore it from your backup; without it no stored key can be"
              + " unlocked. Only for a new installation, create one with: head -c 32 /dev/urandom"
              + " | od -An -tx1 | tr -d ' \\n' > "
              + file);
    } catch (IOException e) {
      throw new MasterKeyException(
          setting + ": cannot read the master key file " + file + ": " + e.getMessage());
    }
    return new MasterKey(parse(text, file, setting), new SecureRandom());
  }

  private static byte[] parse(String text, Path file, String setting) {
    try {
      if (text.length() == 2 * KEY_BYTES) {
        return HexFormat.of().parseHex(text);
      }
      byte[] decoded = Base64.getDecoder().decode(text);
      if (decoded.length == KEY_BYTES) {
        return decoded;
      }
    } catch (IllegalArgumentException e) {
      // Falls through to the message below, which says what the file must hold.
    }
    throw new MasterKeyException(
        setting
            + ": the master key file "
            + file
            + " must hold 32 bytes as 64 hex digits or as base64; it holds something else");
  }

  /** Writes this key to a new file readable by its owner only, as hex. */
  public void writeNew(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, HexFormat.of().formatHex(key) + "\n", StandardCharsets.US_ASCII);
  }

  /** Encrypts {@code plaintext}; {@code context} must be given again to decrypt. */
  public byte[] encrypt(byte[] plaintext, String context) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, context);
      byte[] sealed = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * Decrypts what {@link #encrypt} produced for the same context.
   *
   * @throws MasterKeyException if this is not the key that encrypted it, the context differs, or
   *     the ciphertext was altered
   */
  public byte[] decrypt(byte[] ciphertext, String context) {
    if (ciphertext.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new MasterKeyException("a stored ciphertext for " + context + " is truncated");
    }
    byte[] nonce = Arrays.copyOf(ciphertext, NONCE_BYTES);
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, context);
      return cipher.doFinal(ciphertext, NONCE_BYTES, ciphertext.length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new MasterKeyException(
          "the master key does not open the stored ciphertext for "
              + context
              + ": this is not the master key the database was created with");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  private Cipher cipher(int mode, byte[] nonce, String context) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  @Override
  public String toString() {
    return "MasterKey[redacted]";
  }
}
