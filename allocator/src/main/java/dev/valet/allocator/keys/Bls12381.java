package dev.valet.allocator.keys;

import java.util.HexFormat;
import supranational.blst.SecretKey;

/** Constants and native-object helpers shared by the BLS types of this package. */
final class Bls12381 {

  /**
   * Domain separation tag of the proof-of-possession ciphersuite, the one the consensus specs sign
   * with.
   */
  static final String SIGNATURE_DST = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

  /** The order r of the G1 and G2 subgroups, big-endian: secret keys are integers below it. */
  static final byte[] CURVE_ORDER =
      HexFormat.of().parseHex("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001");

  static final int SECRET_KEY_LENGTH = 32;
  static final int PUBLIC_KEY_LENGTH = 48;
  static final int SIGNATURE_LENGTH = 96;

  private Bls12381() {}

  static SecretKey nativeSecretKey(byte[] bigEndian) {
    SecretKey key = new SecretKey();
    key.from_bendian(bigEndian);
    return key;
  }

  /** Overwrites the native key's scalar, which lives in a Java array until it is collected. */
  static void wipe(SecretKey key) {
    byte[] zero = new byte[SECRET_KEY_LENGTH];
    key.from_bendian(zero);
  }
}
