package dev.valet.allocator.keys;

import java.util.Arrays;

/** Overwrites temporary copies of secrets, so they do not linger in the heap until collected. */
final class SecretBytes {

  private SecretBytes() {}

  static void wipe(byte[] bytes) {
    Arrays.fill(bytes, (byte) 0);
  }
}
