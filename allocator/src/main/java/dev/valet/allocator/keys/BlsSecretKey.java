package dev.valet.allocator.keys;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import supranational.blst.P1;
import supranational.blst.P2;
import supranational.blst.SecretKey;

/**
 * A BLS12-381 secret key: a 32-byte big-endian integer in [1, r).
 *
 * <p>Instances are immutable and safe to share between threads. {@link #toString()} never shows the
 * key, and no method of this package logs it; {@link #toBytes()} is the only way out.
 */
public final class BlsSecretKey {

  private final byte[] bytes;
  private volatile BlsPublicKey publicKey;

  private BlsSecretKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A fresh key from 32 bytes of {@code random}, mapped into [1, r) by the IETF KeyGen. */
  public static BlsSecretKey random(SecureRandom random) {
    byte[] keyMaterial = new byte[Bls12381.SECRET_KEY_LENGTH];
    random.nextBytes(keyMaterial);
    SecretKey key = new SecretKey();
    try {
      key.keygen(keyMaterial);
      return fromNative(key);
    } finally {
      SecretBytes.wipe(keyMaterial);
      Bls12381.wipe(key);
    }
  }

  /**
   * Reads a big-endian secret key.
   *
   * @throws IllegalArgumentException if it is not 32 bytes, is zero, or is not below the curve
   *     order; the message never contains the bytes
   */
  public static BlsSecretKey fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != Bls12381.SECRET_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "a BLS secret key is 32 bytes, not " + bytes.length + " bytes");
    }
    if (isZero(bytes)) {
      throw new IllegalArgumentException("a BLS secret key must not be zero");
    }
    if (Arrays.compareUnsigned(bytes, Bls12381.CURVE_ORDER) >= 0) {
      throw new IllegalArgumentException("a BLS secret key must be below the curve order");
    }
    return new BlsSecretKey(bytes.clone());
  }

  /** Copies a key that blst produced; blst's derivations only produce keys in [1, r). */
  static BlsSecretKey fromNative(SecretKey key) {
    byte[] bigEndian = key.to_bendian();
    try {
      return fromBytes(bigEndian);
    } finally {
      SecretBytes.wipe(bigEndian);
    }
  }

  /** The key as 32 big-endian bytes; a fresh copy the caller should wipe after use. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** The matching public key, computed once. */
  public BlsPublicKey publicKey() {
    BlsPublicKey computed = publicKey;
    if (computed == null) {
      SecretKey key = toNative();
      try {
        computed = BlsPublicKey.trusted(new P1(key).compress());
      } finally {
        Bls12381.wipe(key);
      }
      publicKey = computed;
    }
    return computed;
  }

  /**
   * Signs {@code message} as the consensus specs do: hash to G2 under the proof-of-possession
   * ciphersuite's DST, then multiply by this key.
   */
  public BlsSignature sign(byte[] message) {
    Objects.requireNonNull(message, "message");
    SecretKey key = toNative();
    try {
      P2 signature = new P2().hash_to(message, Bls12381.SIGNATURE_DST).sign_with(key);
      return BlsSignature.trusted(signature.compress());
    } finally {
      Bls12381.wipe(key);
    }
  }

  SecretKey toNative() {
    return Bls12381.nativeSecretKey(bytes);
  }

  /** Compares in constant time, so equality checks do not leak where two keys differ. */
  @Override
  public boolean equals(Object other) {
    return other instanceof BlsSecretKey that && MessageDigest.isEqual(bytes, that.bytes);
  }

  /** Hashes the public key, so the hash says nothing about the secret that it does not already. */
  @Override
  public int hashCode() {
    return publicKey().hashCode();
  }

  @Override
  public String toString() {
    return "BlsSecretKey[redacted]";
  }

  private static boolean isZero(byte[] bytes) {
    int accumulated = 0;
    for (byte b : bytes) {
      accumulated |= b;
    }
    return accumulated == 0;
  }
}
